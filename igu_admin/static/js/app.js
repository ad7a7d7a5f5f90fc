// Starts the DKFDS components (menus, error summary focus). A file, not an
// inline script, so the Content-Security-Policy can forbid inline scripts.
window.DKFDS.init();
