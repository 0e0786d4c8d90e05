package flows

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// maxBody caps every response we read: token answers are a few KiB, and a
// misbehaving proxy must not make us buffer without end.
const maxBody = 1 << 20

// defaultTimeout is used when NewHTTPClient gets no timeout.
const defaultTimeout = 15 * time.Second

// maxHeaderBytes caps the response headers we read; a token service sends
// a few hundred bytes of them.
const maxHeaderBytes = 64 << 10

// NewHTTPClient is the client every source should share: it honours
// HTTPS_PROXY, gives up after timeout (15 s when zero), reads at most 64 KiB
// of headers and never follows a redirect, because a redirect from a token
// service means "log in first", never "here is your token".
func NewHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.MaxResponseHeaderBytes = maxHeaderBytes
	return &http.Client{Transport: t, Timeout: timeout, CheckRedirect: noRedirect}
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// defaultHTTP serves sources whose HTTP field was left nil.
var defaultHTTP = NewHTTPClient(0)

// service is one token service as errors name it, with what to check when
// it cannot be reached.
type service struct {
	name string
	hint string
}

var (
	generatorService = service{name: "azure-token-generator", hint: "are you on naisdevice?"}
	texasService     = service{name: "Texas", hint: "is Texas running beside this process? (NAIS_TOKEN_ENDPOINT)"}
	entraService     = service{name: "Entra ID", hint: "check your network or HTTPS_PROXY"}
)

// serviceOf is the service behind a source, for errors that name it; an
// unknown source is named by its Via.
func serviceOf(v Via) service {
	switch v {
	case ViaGenerator:
		return generatorService
	case ViaTexas:
		return texasService
	case ViaEntra:
		return entraService
	}
	return service{name: string(v)}
}

// reply is a response read in full (at most maxBody bytes).
type reply struct {
	status int
	header http.Header
	body   []byte
}

// mediaType is the Content-Type without parameters, lowercased.
func (r reply) mediaType() string {
	mt, _, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// isHTML reports a web page, which is what a login redirect ends on.
func (r reply) isHTML() bool {
	return r.mediaType() == "text/html" || strings.HasPrefix(strings.TrimSpace(string(r.body)), "<")
}

// isJSON reports a JSON object body, whatever the Content-Type claims.
func (r reply) isJSON() bool {
	return r.mediaType() == "application/json" || strings.HasPrefix(strings.TrimSpace(string(r.body)), "{")
}

func (r reply) ok() bool { return r.status >= 200 && r.status < 300 }

// do sends req (made by newRequest) and reads the whole answer. Redirects
// are never followed, even with a caller's own client. A cancelled context
// comes back as its ctx.Err() (wrapped); a service that sent something but
// not readable HTTP as *BrokenAnswerError; other failures to talk at all
// as *TransportError. secrets are cleaned out of any text the service sent.
func (s service) do(client *http.Client, req *http.Request, secrets []string) (reply, error) {
	if client == nil {
		client = defaultHTTP
	}
	c := *client
	c.CheckRedirect = noRedirect
	var answered atomic.Bool
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotFirstResponseByte: func() { answered.Store(true) },
	}))
	start := time.Now()
	fail := func(err error) (reply, error) {
		return reply{}, s.unreachable(req.Context(), err, c.Timeout, start, answered.Load(), secrets)
	}
	resp, err := c.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return fail(err)
	}
	if len(body) > maxBody {
		return reply{}, &ResponseError{Service: s.name, Status: resp.StatusCode, Reason: "body larger than 1 MiB"}
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// unreachable turns a failed exchange into an error the user can act on:
// a cancelled context as its error, a timeout (the client's, or the
// context's deadline) as a *TransportError saying how long we waited, a
// service that answered brokenly as *BrokenAnswerError, any other failure
// as a *TransportError with the service's hint. Errors from net/http name
// the URL (with any password masked), never the body or headers; a broken
// answer's cause may quote the service, so it is cleaned.
func (s service) unreachable(ctx context.Context, err error, limit time.Duration, start time.Time, answered bool, secrets []string) error {
	cerr := ctx.Err()
	var ne net.Error
	switch {
	case errors.Is(cerr, context.Canceled):
		return fmt.Errorf("asking %s: %w", s.name, cerr)
	case cerr != nil || (errors.As(err, &ne) && ne.Timeout()):
		// The context's deadline may end the wait a little before the
		// client's own timeout, or well before it: then say how long.
		if w := waited(time.Since(start)); limit <= 0 || (cerr != nil && w < limit*9/10) {
			limit = w
		}
		return &TransportError{Service: s.name, Hint: s.hint, Timeout: limit, Err: err}
	case strings.Contains(err.Error(), plainHTTPAnswer):
		// It answered before any byte of a response was read: in plain
		// HTTP, to a TLS handshake.
		return &BrokenAnswerError{Service: s.name, Cause: "it answers plain HTTP where https:// was asked for: check the URL's scheme and port"}
	case answered:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the method and URL add nothing here
		}
		return &BrokenAnswerError{Service: s.name, Cause: clean(err.Error(), secrets)}
	}
	return &TransportError{Service: s.name, Hint: s.hint, Err: err}
}

// plainHTTPAnswer is net/http's error when a server answers a TLS
// handshake in plain HTTP (net/http transport.go, tlsRecordHeaderLooksLikeHTTP).
const plainHTTPAnswer = "server gave HTTP response to HTTPS client"

// waited rounds how long a request took to what a person reads: whole
// seconds from a second on, else tens of milliseconds; never zero.
func waited(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return max(d.Round(10*time.Millisecond), 10*time.Millisecond)
}

// newRequest builds a request to a URL that was checked by checkURL.
func (s service) newRequest(ctx context.Context, method, target string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot build the request: %w", s.name, err)
	}
	return req, nil
}
