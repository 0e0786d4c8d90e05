package main

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// mintFor builds a JWT-shaped token with the given claims; entratoken
// never verifies signatures, so a made-up one will do.
func mintFor(t *testing.T, claims map[string]any) string {
	t.Helper()
	p, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k","typ":"JWT"}`)) + "." + enc(p) + "." + enc([]byte("signature"))
}

// texasFake is Texas's token endpoint giving the same answer to every
// M2M request for dev-gcp:team:app, checking each; it counts the calls.
func texasFake(t *testing.T, status int, body string) (string, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		if r.Method != http.MethodPost || r.URL.Path != "/api/v1/token" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
			len(form) != 2 || form.Get("identity_provider") != "entra_id" || form.Get("target") != "api://dev-gcp.team.app/.default" {
			t.Errorf("Texas got %s %s (%s) %v", r.Method, r.URL.Path, r.Header.Get("Content-Type"), form)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return "NAIS_TOKEN_ENDPOINT=" + srv.URL + "/api/v1/token", &calls
}

func TestRenderQuotesForShellAndCurl(t *testing.T) {
	// Decode refuses such tokens; render must be safe on its own anyway.
	res := flows.Result{Token: &flows.Token{Raw: `a'b"c\d` + "\ne", ExpiresAt: time.Unix(0, 0)}}
	for format, want := range map[outputFormat]string{
		"env":  "export ACCESS_TOKEN='a'\\''b\"c\\d\ne'\nexport ACCESS_TOKEN_EXPIRES_AT='1970-01-01T00:00:00Z'\n",
		"curl": `header = "Authorization: Bearer a'b\"c\\d\ne"` + "\n",
	} {
		if got := format.render(res, time.Unix(0, 0)); got != want {
			t.Errorf("%s:\n got %q\nwant %q", format, got, want)
		}
	}
}

// A token service that answers with a command in the token's signature
// gets nothing printed and nothing cached.
func TestTokenRefusesAnInjectedToken(t *testing.T) {
	bad := mintFor(t, map[string]any{"aud": "x", "exp": time.Now().Add(time.Hour).Unix()}) + "'; touch /tmp/x; echo '"
	answer, _ := json.Marshal(map[string]any{"access_token": bad, "expires_in": 3599})
	endpoint, calls := texasFake(t, http.StatusOK, string(answer))
	cache := t.TempDir()
	env := []string{endpoint, "XDG_CACHE_HOME=" + cache}
	for _, format := range []string{"env", "curl", "raw"} {
		r := entratoken(t, env, "", "token", "--via", "texas", "--format", format, "dev-gcp:team:app")
		r.want(t, 1)
		if r.stdout != "" {
			t.Errorf("--format %s printed %q", format, r.stdout)
		}
		if !strings.Contains(r.stderr, "the signature is not base64url") || strings.Contains(r.stderr, "touch") {
			t.Errorf("--format %s: stderr should name the signature, never quote it:\n%s", format, r.stderr)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("Texas was asked %d times, want 3: nothing may come from a cache", n)
	}
	if _, err := os.Stat(filepath.Join(cache, "entratoken", "tokens.json")); !os.IsNotExist(err) {
		t.Errorf("the refused token reached the cache (%v)", err)
	}
}
