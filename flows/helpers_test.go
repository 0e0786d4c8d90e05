package flows

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// seen is what a test server received.
type seen struct {
	Method, Path, Query, ContentType, Cookie, Body string
	Form                                           url.Values
}

// answer is what a test server sends back. "{base}" in a header value
// becomes the server's own URL.
type answer struct {
	status int
	header map[string]string
	body   string
}

// serve starts a server that records every request and gives the same
// answer to each.
func serve(t *testing.T, a answer) (*httptest.Server, chan seen) {
	t.Helper()
	ch := make(chan seen, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		ch <- seen{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, ContentType: r.Header.Get("Content-Type"),
			Cookie: r.Header.Get("Cookie"), Body: string(b), Form: form}
		for k, v := range a.header {
			w.Header().Set(k, strings.ReplaceAll(v, "{base}", "http://"+r.Host))
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

// only returns the one request a server got, failing on none or more.
func only(t *testing.T, ch chan seen) seen {
	t.Helper()
	if n := len(ch); n != 1 {
		t.Fatalf("server got %d requests, want exactly 1", n)
	}
	return <-ch
}

// none fails if the server was called at all.
func none(t *testing.T, ch chan seen) {
	t.Helper()
	if n := len(ch); n != 0 {
		t.Fatalf("server got %d requests, want none", n)
	}
}

// checkPost asserts a form POST to path with exactly the given fields.
func checkPost(t *testing.T, got seen, path string, form url.Values) {
	t.Helper()
	if got.Method != http.MethodPost || got.Path != path || got.Query != "" {
		t.Errorf("request = %s %s?%s, want POST %s without query", got.Method, got.Path, got.Query, path)
	}
	if got.ContentType != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q, want application/x-www-form-urlencoded", got.ContentType)
	}
	if !reflect.DeepEqual(got.Form, form) {
		t.Errorf("form = %v\nwant   %v", got.Form, form)
	}
}

// hangingServer never answers until the client goes away. It reads the
// body first: only then does net/http notice a closed connection.
func hangingServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// refusedURL is a loopback address where nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}

// fakeJWT is token-shaped text; its signature is not real.
func fakeJWT(sub string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k1","typ":"JWT"}`)) + "." +
		enc([]byte(`{"sub":"`+sub+`","exp":4102444800}`)) + "." + enc([]byte("signature-"+sub))
}

// testKey is one RSA key for the whole package's tests (making one is slow).
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

var target = Target{Cluster: "dev-gcp", Namespace: "team", App: "app"}
