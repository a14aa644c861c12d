"""Allow `python -m llmdiff_site` as well as the `llmdiff` script."""

from llmdiff_site.entry import main

main()
