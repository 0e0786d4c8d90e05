package flows

import (
	"context"
	"errors"
	"net/http"
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
func sources(base string) []Source {
	return []Source{
		Generator{BaseURL: base},
		Texas{TokenEndpoint: base + "/api/v1/token", ExchangeEndpoint: base + "/api/v1/token/exchange"},
		Entra{TokenEndpoint: base + "/token", ClientID: "client", ClientSecret: "secret"},
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
	g := Generator{BaseURL: hangingServer(t), HTTP: NewHTTPClient(100 * time.Millisecond)}
	_, err := g.Fetch(context.Background(), Request{Target: target, Flow: M2M})
	var te *TransportError
	if !errors.As(err, &te) || te.Hint != "are you on naisdevice?" {
		t.Fatalf("err = %v, want TransportError with the naisdevice hint", err)
	}
}

func TestConnectionRefusedHints(t *testing.T) {
	want := map[Via]string{
		ViaGenerator: "are you on naisdevice?",
		ViaTexas:     "is Texas running beside this process? (NAIS_TOKEN_ENDPOINT)",
		ViaEntra:     "check your network or HTTPS_PROXY",
	}
	for _, src := range sources(refusedURL(t)) {
		t.Run(string(src.Via()), func(t *testing.T) {
			_, err := src.Fetch(context.Background(), Request{Target: target, Flow: M2M})
			var te *TransportError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (%T), want *TransportError", err, err)
			}
			if te.Hint != want[src.Via()] || !strings.Contains(err.Error(), want[src.Via()]) {
				t.Errorf("err = %q, want hint %q", err, want[src.Via()])
			}
		})
	}
}

func TestWithoutQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   "nowhere",
		"https://h/oauth2/login?redirect=/x": "https://h/oauth2/login",
		"https://u:p@h/cb?code=secret#frag":  "https://h/cb",
		"/relative?state=1":                  "/relative",
		"http://[::1%zz/":                    "an unreadable location",
	} {
		if got := withoutQuery(in); got != want {
			t.Errorf("withoutQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
