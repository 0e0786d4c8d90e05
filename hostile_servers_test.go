package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// The secrets every hostile run hands to the services; none may come back
// out of entratoken, in any encoding.
const (
	hostileSession = "c2Vzc2lvbi1zZWNyZXQtdmFsdWUtMDEyMzQ1Njc4OQ"
	hostileSecret  = "s3cr3t+Val/ue=~x"
)

// hostileKey is the Entra app's private key, as AZURE_APP_JWK.
var hostileKey = sync.OnceValues(func() (*rsa.PrivateKey, string) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	b, err := jose.JSONWebKey{Key: k, KeyID: "hostile", Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return k, string(b)
})

// setup is one source and flow: how entratoken is pointed at a server,
// and what the server must receive.
type setup struct {
	via, flow string
	service   string // as errors name it
	env       func(base string) []string
	args      []string
	stdin     string
	check     func(r *http.Request, form url.Values) string // "" when the request is right
}

func setups(t *testing.T, user string) []setup {
	_, jwk := hostileKey()
	texasIdP := func(form url.Values) bool { return form.Get("identity_provider") == "entra_id" }
	const scope = "api://dev-gcp.team.app/.default"
	return []setup{
		{"generator", "m2m", "azure-token-generator", func(b string) []string { return []string{"ENTRATOKEN_GENERATOR_URL=" + b} }, nil, "",
			func(r *http.Request, f url.Values) string {
				return want(r.Method == "POST" && r.URL.Path == "/api/public/m2m" && f.Get("aud") == "dev-gcp:team:app", r, f)
			}},
		{"generator", "obo", "azure-token-generator", func(b string) []string {
			return []string{"ENTRATOKEN_GENERATOR_URL=" + b, "ENTRATOKEN_SESSION=" + hostileSession}
		}, []string{"--obo"}, "",
			func(r *http.Request, f url.Values) string {
				c, err := r.Cookie("io.nais.wonderwall.session")
				return want(r.Method == "GET" && r.URL.Path == "/api/obo" && r.URL.RawQuery == "aud=dev-gcp:team:app" && err == nil && c.Value == hostileSession, r, f)
			}},
		{"texas", "m2m", "Texas", func(b string) []string { return []string{"NAIS_TOKEN_ENDPOINT=" + b + "/api/v1/token"} }, []string{"--via", "texas"}, "",
			func(r *http.Request, f url.Values) string {
				return want(r.Method == "POST" && r.URL.Path == "/api/v1/token" && texasIdP(f) && f.Get("target") == scope, r, f)
			}},
		{"texas", "obo", "Texas", func(b string) []string {
			return []string{"NAIS_TOKEN_EXCHANGE_ENDPOINT=" + b + "/api/v1/token/exchange"}
		},
			[]string{"--obo", "--via", "texas", "--user-token", "-"}, user,
			func(r *http.Request, f url.Values) string {
				return want(r.Method == "POST" && r.URL.Path == "/api/v1/token/exchange" && texasIdP(f) && f.Get("target") == scope && f.Get("user_token") == user, r, f)
			}},
		{"entra", "m2m", "Entra ID", func(b string) []string {
			return []string{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT=" + b + "/token", "AZURE_APP_CLIENT_ID=cid", "AZURE_APP_CLIENT_SECRET=" + hostileSecret}
		}, []string{"--via", "entra"}, "",
			func(r *http.Request, f url.Values) string {
				return want(r.Method == "POST" && r.URL.Path == "/token" && f.Get("grant_type") == "client_credentials" &&
					f.Get("client_secret") == hostileSecret && f.Get("scope") == scope, r, f)
			}},
		{"entra", "obo", "Entra ID", func(b string) []string {
			return []string{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT=" + b + "/token", "AZURE_APP_CLIENT_ID=cid", "AZURE_APP_JWK=" + jwk}
		}, []string{"--obo", "--via", "entra", "--user-token", "-"}, user,
			func(r *http.Request, f url.Values) string {
				return want(r.Method == "POST" && r.URL.Path == "/token" && f.Get("requested_token_use") == "on_behalf_of" &&
					f.Get("assertion") == user && f.Get("client_assertion") != "" && f.Get("scope") == scope, r, f)
			}},
	}
}

func want(ok bool, r *http.Request, f url.Values) string {
	if ok {
		return ""
	}
	return r.Method + " " + r.URL.String() + " " + f.Encode()
}

// hostile is a server that checks each request against its setup, keeps
// every credential it received, and answers as behave says.
type hostile struct {
	t        *testing.T
	setup    setup
	mu       sync.Mutex
	received []string // credentials the server saw
	calls    int
}

// behaviour answers a request; echo repeats the request's credentials in
// every encoding a service might use.
type behaviour func(w http.ResponseWriter, r *http.Request, echo string)

func (h *hostile) serve(b behaviour) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		if msg := h.setup.check(r, form); msg != "" {
			h.t.Errorf("%s %s: unexpected request %s", h.setup.via, h.setup.flow, msg)
		}
		var got []string
		for _, k := range []string{"client_secret", "client_assertion", "assertion", "user_token"} {
			if v := form.Get(k); v != "" {
				got = append(got, v)
			}
		}
		if c, err := r.Cookie("io.nais.wonderwall.session"); err == nil {
			got = append(got, c.Value)
		}
		h.mu.Lock()
		h.received = append(h.received, got...)
		h.calls++
		h.mu.Unlock()
		b(w, r, echoOf(string(body), r.Header.Get("Cookie"), got))
	}))
	h.t.Cleanup(srv.Close)
	return srv
}

// echoOf is what a careless service echoes: the form as sent, with its
// escapes in lower case, the cookie, and each credential broken over lines.
func echoOf(body, cookie string, creds []string) string {
	lower := regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(body, strings.ToLower)
	parts := []string{"got " + body, "lower " + lower, "cookie " + cookie}
	for _, c := range creds {
		parts = append(parts, "wrapped "+c[:len(c)/2]+"\r\n  "+c[len(c)/2:])
	}
	return strings.Join(parts, " | ")
}

// exposes reports whether out shows secret: as it is, percent-encoded in
// either case (once or more), or broken over lines.
func exposes(out, secret string) bool {
	escape := regexp.MustCompile(`%[0-9A-Fa-f]{2}`)
	for range 4 {
		joined := strings.Join(strings.Fields(out), "")
		for _, s := range []string{out, joined, strings.ReplaceAll(out, "+", " ")} {
			if strings.Contains(s, secret) {
				return true
			}
		}
		out = escape.ReplaceAllStringFunc(out, func(e string) string {
			b, _ := url.PathUnescape(e)
			return b
		})
	}
	return false
}

// oauthJSON writes a JSON OAuth error.
func oauthJSON(w http.ResponseWriter, status int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// tokenJSON writes a token answer.
func tokenJSON(w http.ResponseWriter, token string, expiresIn any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": token, "expires_in": expiresIn, "token_type": "Bearer"})
}

// raw takes the connection over and writes b as the whole answer; with
// reset, the connection is then torn down (RST) instead of closed.
func raw(w http.ResponseWriter, b string, reset bool) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	_, _ = buf.WriteString(b)
	_ = buf.Flush()
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// gzipBomb is 16 MiB of zeros, gzipped to a few KiB.
var gzipBomb = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w := bufio.NewWriter(z)
	zeros := make([]byte, 1<<20)
	for range 16 {
		_, _ = w.Write(zeros)
	}
	_ = w.Flush()
	_ = z.Close()
	return b.Bytes()
})

// stall answers nothing until the client leaves.
func stall(_ http.ResponseWriter, r *http.Request, _ string) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}
