#!/usr/bin/env python
"""Django's command-line utility for Casework."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        _ = settings.INSTALLED_APPS  # load the settings now, so that a configuration error is said plainly
    except ImproperlyConfigured as error:
        # Django's command runner would swallow this and fail later with an unrelated traceback.
        sys.exit(f"Casework cannot start: {error}\nFor development, set DEBUG=1 (make run and make test do).")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
