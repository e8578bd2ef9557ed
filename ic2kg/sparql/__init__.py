"""The SPARQL engine behind /sparql and the remote stores: `text` (the one lexer: forms, updates,
SERVICE, VALUES, paging), `protocol` (refusals and content negotiation), `answer` (results
written once, capped exactly), `workers` (the killable query pool on the embedded store),
`forward` (the same answers from a remote endpoint) and `http` (the one HTTP client)."""
