"""WTForms classes, one module per flow. Forms check shape; services check meaning."""
