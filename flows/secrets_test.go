package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// echoServer answers every request with an error that repeats what it got:
// the body (form-encoded secrets) and the cookie.
func echoServer(t *testing.T, asJSON bool) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		echo := fmt.Sprintf("got %s decoded %v cookie %s", b, form, r.Header.Get("Cookie"))
		if asJSON {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_request", "error_description": echo})
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(400)
		_, _ = io.WriteString(w, strings.ReplaceAll(echo, "\n", " "))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestNoSecretInErrors(t *testing.T) {
	const secret, session = "s3cr3t+Val/ue=~x", "sessSECRET0123456789abcdef"
	user := fakeJWT("user-secret")
	jwk := privateJWK(t, testKey(), "RS256")
	var fields map[string]string
	_ = json.Unmarshal([]byte(jwk), &fields)
	secrets := []string{secret, url.QueryEscape(secret), session, user, fields["d"], fields["p"], fields["q"],
		user[strings.LastIndex(user, ".")+1:]}

	build := func(base string) []func(context.Context) error {
		fetch := func(s Source, req Request) func(context.Context) error {
			return func(ctx context.Context) error { _, err := s.Fetch(ctx, req); return err }
		}
		tx := texasAt(base)
		withSecret := Entra{TokenEndpoint: base + "/token", ClientID: "cid", ClientSecret: secret}
		withJWK := Entra{TokenEndpoint: base + "/token", ClientID: "cid", JWK: jwk}
		return []func(context.Context) error{
			fetch(Generator{BaseURL: base}, Request{Target: target, Flow: OBO, Session: session}),
			fetch(tx, Request{Target: target, Flow: OBO, UserToken: user}),
			func(ctx context.Context) error { _, err := tx.Introspect(ctx, user); return err },
			fetch(withSecret, Request{Target: target, Flow: M2M}),
			fetch(withSecret, Request{Target: target, Flow: OBO, UserToken: user}),
			fetch(withJWK, Request{Target: target, Flow: M2M}),
			fetch(withJWK, Request{Target: target, Flow: OBO, UserToken: user}),
			fetch(Entra{TokenEndpoint: base + "/token", ClientID: "cid", JWK: strings.Replace(jwk, `"RSA"`, `"RSB"`, 1)}, Request{Target: target, Flow: M2M}),
			fetch(Entra{TokenEndpoint: base + "/token", ClientID: "cid", JWK: strings.TrimSuffix(jwk, "}")}, Request{Target: target, Flow: M2M}),
		}
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, sc := range []struct {
		name string
		base string
		ctx  context.Context
	}{
		{"JSON echo", echoServer(t, true), context.Background()},
		{"text echo", echoServer(t, false), context.Background()},
		{"refused", refusedURL(t), context.Background()},
		{"cancelled", hangingServer(t), canceled},
	} {
		for i, call := range build(sc.base) {
			err := call(sc.ctx)
			if err == nil {
				t.Fatalf("%s #%d: no error", sc.name, i)
			}
			shown := []string{err.Error(), fmt.Sprintf("%+v", Explain(err))}
			var oe *OAuthError
			if errors.As(err, &oe) {
				shown = append(shown, oe.Description)
			}
			for _, text := range shown {
				for _, s := range secrets {
					if strings.Contains(text, s) {
						t.Errorf("%s #%d: error shows a secret %.6s…: %s", sc.name, i, s, text)
					}
				}
			}
		}
	}
}
