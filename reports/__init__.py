"""Resources for rendering Chinese outside the browser: the bundled CJK font and its fontconfig."""
