"""Home: the Wagtail site root, base templates, navigation, the role-aware dashboard, health check."""
