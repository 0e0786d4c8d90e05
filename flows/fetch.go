package flows

import (
	"context"
	"net/http"
)

// FetchDocument GETs a small public JSON document, an OpenID discovery
// document or a JWKS, the way every token request is made: within the
// client's timeout and ctx, at most 1 MiB read, no redirect followed, and
// nothing sent but the URL. It returns the body of a 2xx answer. Errors
// name the document by name and carry hint, as the sources' errors do: a
// *TransportError when no answer came, a *ResponseError for any other
// status or a body that is not JSON.
func FetchDocument(ctx context.Context, client *http.Client, name, hint, url string) ([]byte, error) {
	s := service{name: name, hint: hint}
	req, err := s.newRequest(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	r, err := s.do(client, req, nil)
	switch {
	case err != nil:
		return nil, err
	case !r.ok():
		return nil, &ResponseError{Service: name, Status: r.status, Reason: "no document at " + url}
	case !r.isJSON():
		return nil, &ResponseError{Service: name, Status: r.status, Reason: "not JSON"}
	}
	return r.body, nil
}
