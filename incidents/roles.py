"""The two staff roles, as Django groups."""

RESEARCHERS = "Researchers"
EDITORS = "Editors"
