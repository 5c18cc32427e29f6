// The browser's wall clock, read here and nowhere else in the console: token expiry and the
// default plan period are the only things that need today. The console is an edge of its own,
// like the local server and the token tool.
export function nowMs(): number {
  return Date.now();
}
