"""What staff use in production too: make check, the readability check and the anonymous report.
The beheer app (hulpwijzer/beheer) runs them in the browser, so they are installed, not in tools/."""
