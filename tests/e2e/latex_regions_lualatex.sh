#!/usr/bin/env bash
# Regions through LaTeX with lualatex (latex_regions.sh has pdflatex and xelatex).
LATEX_REGIONS_ENGINES=lualatex exec bash "$(dirname "$0")/latex_regions.sh"
