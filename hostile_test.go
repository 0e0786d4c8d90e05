package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileCases are the ways a token service can answer badly (issue 7),
// each with the exit status and the first line of stderr it must give, for
// every source and flow. "{svc}" is the service's name.
func hostileCases(t *testing.T) []struct {
	name  string
	serve behaviour
	code  int
	first string
} {
	soon := mintFor(t, map[string]any{"aud": "x", "exp": time.Now().Add(time.Hour).Unix()})
	expiredAt := time.Now().Add(-time.Hour).Unix()
	expired := mintFor(t, map[string]any{"aud": "x", "iat": expiredAt - 3600, "exp": expiredAt})
	unfit := mintFor(t, map[string]any{"aud": "x", "exp": 1e20})
	huge := strings.Repeat("A", 1_000_000) // 1 MB, within the 1 MiB body cap
	bomb := gzipBomb()                     // made before any clock runs
	return []struct {
		name  string
		serve behaviour
		code  int
		first string
	}{
		{"secrets echoed in every OAuth field", func(w http.ResponseWriter, _ *http.Request, echo string) {
			oauthJSON(w, 400, map[string]any{"error": "invalid_request " + echo, "error_description": echo, "trace_id": echo,
				"correlation_id": echo, "error_uri": "https://x.example/" + echo, "error_codes": []string{echo}})
		}, 1, "{svc} refused the token request (HTTP 400, invalid_request got "},
		{"secrets echoed in a plain-text body", func(w http.ResponseWriter, _ *http.Request, echo string) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(400)
			fmt.Fprint(w, echo)
		}, 1, "{svc} refused the token request (HTTP 400): got "},
		{"secrets echoed in an HTML page", func(w http.ResponseWriter, _ *http.Request, echo string) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			fmt.Fprint(w, "<html><body>"+echo+"</body></html>")
		}, 1, "{svc} answered HTTP 500 with an unusable body: an HTML page instead of an error message"},
		{"secrets echoed in a redirect's Location", func(w http.ResponseWriter, _ *http.Request, echo string) {
			w.Header().Set("Location", "https://evil.example/"+neturl.PathEscape(echo)+"?state="+neturl.QueryEscape(echo))
			w.WriteHeader(302)
		}, 1, "{svc} answered HTTP 302 with an unusable body: a redirect to https://evil.example/"},
		{"control characters in the error", func(w http.ResponseWriter, _ *http.Request, _ string) {
			oauthJSON(w, 400, map[string]any{"error": "bad\x1b[2J", "error_description": "Eve\x1b]2;HACKED\x07 \u009b"})
		}, 1, "{svc} refused the token request (HTTP 400, bad�[2J): Eve�]2;HACKED� �"},
		{"a 1 MB error_description", func(w http.ResponseWriter, _ *http.Request, _ string) {
			oauthJSON(w, 400, map[string]any{"error": "invalid_request", "error_description": huge})
		}, 1, "{svc} refused the token request (HTTP 400, invalid_request): AAAA"},
		{"a 1 MB error", func(w http.ResponseWriter, _ *http.Request, _ string) {
			oauthJSON(w, 400, map[string]any{"error": huge[:1<<19]})
		}, 1, "{svc} refused the token request (HTTP 400, AAAA"},
		{"429 with Retry-After and a body", func(w http.ResponseWriter, _ *http.Request, _ string) {
			w.Header().Set("Retry-After", "120")
			oauthJSON(w, 429, map[string]any{"error": "temporarily_unavailable"})
		}, 1, "{svc} is busy (HTTP 429); try again in 2 min"},
		{"503 with a Retry-After date and no body", func(w http.ResponseWriter, _ *http.Request, _ string) {
			w.Header().Set("Retry-After", time.Now().Add(150*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(503)
		}, 1, "{svc} is busy (HTTP 503); try again in 2 min"},
		{"a malformed status line", func(w http.ResponseWriter, _ *http.Request, echo string) {
			raw(w, "HTTP/1.1 2OO "+strings.ReplaceAll(echo, "\r\n", " ")+"\r\n\r\n", false)
		}, 1, "{svc} answered, but its answer was broken: "},
		{"oversized headers", func(w http.ResponseWriter, _ *http.Request, _ string) {
			w.Header().Set("X-Padding", strings.Repeat("p", 100<<10))
			tokenJSON(w, soon, 3600)
		}, 1, "{svc} answered, but its answer was broken: "},
		{"invalid gzip", func(w http.ResponseWriter, _ *http.Request, _ string) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, "this is not gzip at all")
		}, 1, "{svc} answered, but its answer was broken: "},
		{"reset mid-body", func(w http.ResponseWriter, _ *http.Request, _ string) {
			raw(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"access_token\":\"eyJ", true)
		}, 1, "{svc} answered, but its answer was broken: "},
		{"a gzip bomb", func(w http.ResponseWriter, _ *http.Request, _ string) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(bomb)
		}, 1, "{svc} answered HTTP 200 with an unusable body: body larger than 1 MiB"},
		{"a stall", stall, 1, "{svc} did not answer within 1s"},
		{"a token that expired before it arrived", func(w http.ResponseWriter, _ *http.Request, _ string) {
			tokenJSON(w, expired, 3600)
		}, 1, "{svc} issued a token that expired at " + time.Unix(expiredAt, 0).UTC().Format("2006-01-02 15:04:05 UTC") + " (is your clock right?)"},
		{"an exp that does not fit a time", func(w http.ResponseWriter, _ *http.Request, _ string) {
			tokenJSON(w, unfit, 3600)
		}, 1, "{svc} answered HTTP 200 with an unusable body: the access token is not a JWT: the payload claim exp (100000000000000000000) is not a time between 1970 and 9999"},
		{"an encrypted token (JWE)", func(w http.ResponseWriter, _ *http.Request, _ string) {
			tokenJSON(w, "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn", 3600)
		}, 1, "{svc} answered HTTP 200 with an unusable body: the access token is not a JWT: it is an encrypted token (JWE, 5 parts)"},
	}
}

func TestHostileServices(t *testing.T) {
	user := mintFor(t, map[string]any{"aud": "my-app", "sub": "user-secret", "exp": time.Now().Add(time.Hour).Unix()})
	_, jwk := hostileKey()
	var jwkParts map[string]any
	if err := json.Unmarshal([]byte(jwk), &jwkParts); err != nil {
		t.Fatal(err)
	}
	for _, c := range hostileCases(t) {
		for _, s := range setups(t, user) {
			t.Run(c.name+"/"+s.via+" "+s.flow, func(t *testing.T) {
				h := &hostile{t: t, setup: s}
				srv := h.serve(c.serve)
				cfg := filepath.Join(t.TempDir(), "config.yaml")
				if err := os.WriteFile(cfg, []byte("timeout: 1s\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				r := entratoken(t, s.env(srv.URL), s.stdin, append(append([]string{"--config", cfg, "token"}, s.args...), "dev-gcp:team:app")...)
				took := time.Since(start)
				first, _, _ := strings.Cut(r.stderr, "\n")
				t.Logf("exit %d in %v: %s", r.code, took.Round(10*time.Millisecond), first)
				wantFirst := "entratoken: " + strings.ReplaceAll(c.first, "{svc}", s.service)
				switch {
				case r.code != c.code:
					t.Errorf("exit status %d, want %d\nstderr: %.2000s", r.code, c.code, r.stderr)
				case !strings.HasPrefix(first, wantFirst):
					t.Errorf("first line of stderr:\n %.600s\nwant it to start with\n %s", first, wantFirst)
				case r.stdout != "":
					t.Errorf("stdout %.200q, want nothing", r.stdout)
				case took > 5*time.Second:
					t.Errorf("took %v", took)
				case len(r.stderr) > 8<<10:
					t.Errorf("stderr is %d bytes long", len(r.stderr))
				case hasControls(r.stderr):
					t.Errorf("stderr holds control characters: %.600q", r.stderr)
				}
				secrets := []string{hostileSession, hostileSecret, user}
				for _, k := range []string{"d", "p", "q", "dp", "dq", "qi"} {
					secrets = append(secrets, fmt.Sprint(jwkParts[k]))
				}
				h.mu.Lock()
				secrets = append(secrets, h.received...)
				calls := h.calls
				h.mu.Unlock()
				if calls == 0 {
					t.Errorf("the service was never asked")
				}
				for _, sec := range secrets {
					if exposes(r.stderr+r.stdout, sec) {
						t.Errorf("a secret (%.8s…) got out:\n%.3000s", sec, r.stderr)
					}
				}
			})
		}
	}
}
