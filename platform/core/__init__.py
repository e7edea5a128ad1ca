"""Infrastructure every app shares (exports, uploads, client address, …); it imports no domain app."""
