"""The site itself: home page, language switcher, health check and error pages."""
