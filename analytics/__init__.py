"""Analytics: pure statistics plus the Django views and tasks that feed them."""
