package flows

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNewHTTPClient(t *testing.T) {
	for _, tc := range []struct {
		in, want time.Duration
	}{{0, 15 * time.Second}, {-time.Second, 15 * time.Second}, {3 * time.Second, 3 * time.Second}} {
		c := NewHTTPClient(tc.in)
		if c.Timeout != tc.want {
			t.Errorf("NewHTTPClient(%v).Timeout = %v, want %v", tc.in, c.Timeout, tc.want)
		}
		tr, ok := c.Transport.(*http.Transport)
		if !ok || tr == http.DefaultTransport {
			t.Fatalf("transport is %T (shared default: %v), want a cloned *http.Transport", c.Transport, tr == http.DefaultTransport)
		}
		if reflect.ValueOf(tr.Proxy).Pointer() != reflect.ValueOf(http.ProxyFromEnvironment).Pointer() {
			t.Error("transport does not use http.ProxyFromEnvironment, HTTPS_PROXY would be ignored")
		}
		if err := c.CheckRedirect(nil, nil); !errors.Is(err, http.ErrUseLastResponse) {
			t.Errorf("CheckRedirect = %v, want http.ErrUseLastResponse", err)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	exact := strings.Repeat("a", maxBody-4) + ".b.c"
	for _, tc := range []struct {
		name    string
		body    string
		wantErr bool
	}{
		{"exactly 1 MiB is read", exact, false},
		{"one byte more is refused", exact + "x", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := serve(t, answer{status: 200, header: map[string]string{"Content-Type": "text/plain"}, body: tc.body})
			iss, err := Generator{BaseURL: srv.URL}.Fetch(context.Background(), Request{Target: target, Flow: M2M})
			var re *ResponseError
			switch {
			case tc.wantErr && (!errors.As(err, &re) || re.Reason != "body larger than 1 MiB"):
				t.Fatalf("err = %v, want ResponseError \"body larger than 1 MiB\"", err)
			case !tc.wantErr && (err != nil || iss.AccessToken != tc.body):
				t.Fatalf("err = %v, token of %d bytes; want the whole body", err, len(iss.AccessToken))
			}
		})
	}
}

// sources lists one of each source, all pointed at base.
func sources(base string) []Source { return sourcesWith(base, nil) }

// sourcesWith is sources with their HTTP client set to c.
func sourcesWith(base string, c *http.Client) []Source {
	return []Source{
		Generator{BaseURL: base, HTTP: c},
		Texas{TokenEndpoint: base + "/api/v1/token", ExchangeEndpoint: base + "/api/v1/token/exchange", HTTP: c},
		Entra{TokenEndpoint: base + "/token", ClientID: "client", ClientSecret: "secret", HTTP: c},
	}
}

func TestCancelReturnsQuickly(t *testing.T) {
	for _, src := range sources(hangingServer(t)) {
		t.Run(string(src.Via()), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			_, err := src.Fetch(ctx, Request{Target: target, Flow: M2M})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Fetch took %v after cancel", d)
			}
			var te *TransportError
			if !errors.Is(err, context.Canceled) || errors.As(err, &te) {
				t.Errorf("err = %v (%T), want context.Canceled and no TransportError", err, err)
			}
		})
	}
}

func TestClientTimeoutIsTransportError(t *testing.T) {
	for _, src := range sourcesWith(hangingServer(t), NewHTTPClient(100*time.Millisecond)) {
		t.Run(string(src.Via()), func(t *testing.T) {
			_, err := src.Fetch(context.Background(), Request{Target: target, Flow: M2M})
			var te *TransportError
			if !errors.As(err, &te) || te.Timeout != 100*time.Millisecond {
				t.Fatalf("err = %#v, want a TransportError with Timeout 100ms", err)
			}
			want := serviceOf(src.Via()).name + " did not answer within 100ms (raise `timeout` in the config)"
			if err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
}

// A deadline on the context (the CLI sets one) is a timeout too, named by
// how long we waited.
func TestContextDeadlineIsTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Generator{BaseURL: hangingServer(t)}.Fetch(ctx, Request{Target: target, Flow: M2M})
	var te *TransportError
	if !errors.As(err, &te) || te.Timeout < 100*time.Millisecond || te.Timeout > 2*time.Second {
		t.Fatalf("err = %#v, want a TransportError with Timeout about 100ms", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "azure-token-generator did not answer within") {
		t.Errorf("err = %q, want a timeout that unwraps to context.DeadlineExceeded", err)
	}
}

// A plain-HTTP server at an https:// URL answered: that is said, with what
// to check, never "cannot reach … are you on naisdevice?".
func TestPlainHTTPAtAnHTTPSURLAnswered(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "plain", http.StatusBadRequest)
	}))
	t.Cleanup(srv.Close)
	for _, src := range sourcesWith(strings.Replace(srv.URL, "http://", "https://", 1), NewHTTPClient(5*time.Second)) {
		t.Run(string(src.Via()), func(t *testing.T) {
			_, err := src.Fetch(context.Background(), Request{Target: target, Flow: M2M})
			var ba *BrokenAnswerError
			if !errors.As(err, &ba) || !strings.Contains(err.Error(), "answers plain HTTP where https:// was asked for") {
				t.Fatalf("err = %v (%T), want a BrokenAnswerError about plain HTTP", err, err)
			}
		})
	}
}
