"""What the model and the published history say is coming: delivery forecasts and early warnings."""
