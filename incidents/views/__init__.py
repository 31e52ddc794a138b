"""Public pages: one module per topic. Every query starts from Incident.objects.public()."""
