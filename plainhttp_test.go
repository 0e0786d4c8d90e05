package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// nonLoopbackServer listens on this machine's first address that is not
// loopback, as a typo'd or spoofed service on the network would; it counts
// what reaches it. Without such an address, a documentation address that
// nothing answers stands in (the request must not even be tried).
func nonLoopbackServer(t *testing.T) (base string, calls *atomic.Int32) {
	calls = new(atomic.Int32)
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.IsLoopback() || ipn.IP.To4() == nil {
			continue
		}
		ln, err := net.Listen("tcp", ipn.IP.String()+":0")
		if err != nil {
			continue
		}
		srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			t.Errorf("a credential went over plain http to %s: %s %s (cookie %t)", ln.Addr(), r.Method, r.URL, r.Header.Get("Cookie") != "")
		})}}
		srv.Start()
		t.Cleanup(srv.Close)
		return srv.URL, calls
	}
	return "http://192.0.2.1:7164", calls
}

// Every URL that receives a credential, wherever it is set, must be
// https:// or http:// to this machine (issue 14's blocker).
func TestPlainHTTPToAnotherHostIsRefused(t *testing.T) {
	base, calls := nonLoopbackServer(t)
	user := mintFor(t, map[string]any{"aud": "x"})
	dir := t.TempDir()
	dotenv := filepath.Join(dir, "app.env")
	if err := os.WriteFile(dotenv, []byte("AZURE_OPENID_CONFIG_TOKEN_ENDPOINT="+base+"/token\nAZURE_APP_CLIENT_SECRET=s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(text string) string {
		p := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const want = "uses plain http:// to a host that is not this machine, which would send credentials unencrypted; use https://, or http:// only to localhost, 127.0.0.1 or ::1"
	for _, tc := range []struct {
		name, mention string
		env           []string
		args          []string
		stdin         string
	}{
		{"--generator-url", "--generator-url", []string{"ENTRATOKEN_SESSION=c2Vzc2lvbi1zZWNyZXQ"}, []string{"--generator-url", base, "token", "--obo"}, ""},
		{"ENTRATOKEN_GENERATOR_URL", "ENTRATOKEN_GENERATOR_URL", []string{"ENTRATOKEN_GENERATOR_URL=" + base, "ENTRATOKEN_SESSION=c2Vzc2lvbi1zZWNyZXQ"}, []string{"token", "--obo"}, ""},
		{"generator_url in the config", "generator_url", nil, []string{"--config", config("generator_url: " + base + "\n"), "token"}, ""},
		{"NAIS_TOKEN_ENDPOINT", "NAIS_TOKEN_ENDPOINT", []string{"NAIS_TOKEN_ENDPOINT=" + base + "/api/v1/token"}, []string{"token", "--via", "texas"}, ""},
		{"NAIS_TOKEN_EXCHANGE_ENDPOINT", "NAIS_TOKEN_EXCHANGE_ENDPOINT", []string{"NAIS_TOKEN_EXCHANGE_ENDPOINT=" + base + "/x"},
			[]string{"token", "--obo", "--via", "texas", "--user-token", "-"}, user},
		{"texas.token_endpoint in the config", "texas.token_endpoint", nil,
			[]string{"--config", config("texas:\n  token_endpoint: " + base + "/api/v1/token\n"), "token", "--via", "texas"}, ""},
		{"NAIS_TOKEN_INTROSPECTION_ENDPOINT", "NAIS_TOKEN_INTROSPECTION_ENDPOINT", []string{"NAIS_TOKEN_INTROSPECTION_ENDPOINT=" + base + "/i"},
			[]string{"decode", "--introspect", user}, ""},
		{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT", "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT",
			[]string{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT=" + base + "/token", "AZURE_APP_CLIENT_ID=cid", "AZURE_APP_CLIENT_SECRET=s3cret"},
			[]string{"token", "--via", "entra"}, ""},
		{"entra.token_endpoint in the config", "entra.token_endpoint", []string{"AZURE_APP_CLIENT_ID=cid", "AZURE_APP_CLIENT_SECRET=s3cret"},
			[]string{"--config", config("entra:\n  token_endpoint: " + base + "/token\n"), "token", "--via", "entra"}, ""},
		{"the endpoint in env_file", "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT", []string{"AZURE_APP_CLIENT_ID=cid"},
			[]string{"--config", config("entra:\n  env_file: " + dotenv + "\n"), "token", "--via", "entra"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args[len(args)-1] != user {
				args = append(args, "dev-gcp:team:app")
			}
			r := entratoken(t, tc.env, tc.stdin, args...)
			r.want(t, 2)
			if r.stdout != "" || !strings.Contains(r.stderr, tc.mention) || !strings.Contains(r.stderr, want) {
				t.Errorf("want a refusal naming %s, got stdout %q stderr:\n%s", tc.mention, r.stdout, r.stderr)
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests reached the non-loopback listener", n)
	}
}
