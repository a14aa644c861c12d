"""Allow `python -m llmdiff_site` as well as the `llmdiff` script."""

from llmdiff_site.cli import main

main()
