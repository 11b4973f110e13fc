//! Chart drawing (plotters), generic over the backend.
