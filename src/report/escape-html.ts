// The one HTML escape lives with the display helpers (a lower layer than the report); re-exported here.
export { escapeHtml } from '../display/escape-html.js';
