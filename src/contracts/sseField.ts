// One line of a Server-Sent Events stream read as its field and value (the app's door feed and the gateway's test client).

/** `field: value` per the SSE spec: the value loses one leading space; a line without a colon is a field with no value. */
export function readSseField(line: string): { field: string; value: string } {
  const colon = line.indexOf(':');
  if (colon === -1) return { field: line, value: '' };
  return { field: line.slice(0, colon), value: line.slice(colon + 1).replace(/^ /, '') };
}
