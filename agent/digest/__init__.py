"""The manager's dashboard formatted for people away from the chat: its charts as self-contained
SVG (shared with the web UI), the weekly digest as one HTML file, and where that file goes."""
