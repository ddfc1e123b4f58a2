"""End-to-end tests over real sockets (live server, browser)."""
