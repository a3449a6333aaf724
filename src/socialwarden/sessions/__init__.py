"""Server-side sign-in sessions (browser cookies and API bearer tokens) and the shared sign-in throttle."""
