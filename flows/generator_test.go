package flows

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"
)

var jsonHeader = map[string]string{"Content-Type": "application/json"}

func TestGeneratorM2M(t *testing.T) {
	tok := fakeJWT("m2m")
	text := map[string]string{"Content-Type": "text/plain; charset=utf-8"}
	for _, tc := range []struct {
		name    string
		answer  answer
		want    Issued
		wantErr error
	}{
		{"plain-text token", answer{200, text, "  " + tok + "\n"}, Issued{AccessToken: tok}, nil},
		{"JSON token", answer{200, jsonHeader, `{"access_token":"` + tok + `","expires_in":3599}`}, Issued{tok, 3599 * time.Second}, nil},
		{"missing aud", answer{400, text, "missing 'aud' form parameter"}, Issued{},
			&OAuthError{Service: "azure-token-generator", Status: 400, Description: "missing 'aud' form parameter"}},
		{"upstream error passed through", answer{500, jsonHeader, `{"error":"invalid_client","error_description":"AADSTS501051: Application is not assigned to a role for the application. Trace ID: 11111111-2222-3333-4444-555555555555 Correlation ID: 66666666-7777-8888-9999-000000000000 Timestamp: 2025-01-02"}`},
			Issued{}, &OAuthError{Service: "azure-token-generator", Status: 500, Code: "invalid_client",
				Description: "AADSTS501051: Application is not assigned to a role for the application. Trace ID: 11111111-2222-3333-4444-555555555555 Correlation ID: 66666666-7777-8888-9999-000000000000 Timestamp: 2025-01-02",
				AADSTS:      501051, TraceID: "11111111-2222-3333-4444-555555555555", CorrelationID: "66666666-7777-8888-9999-000000000000"}},
		{"HTML page", answer{200, map[string]string{"Content-Type": "text/html"}, "<html>login</html>"}, Issued{},
			&ResponseError{Service: "azure-token-generator", Status: 200, Reason: "an HTML page instead of a token"}},
		{"401 from Wonderwall's auto-login", answer{401, map[string]string{"Content-Type": "application/json", "Location": "/oauth2/login?redirect=%2Fapi%2Fpublic%2Fm2m"},
			`{"error": "unauthenticated, please log in"}`}, Issued{}, &M2MLoginError{Status: 401}},
		{"401 from Wonderwall's auto-login, as text", answer{401, map[string]string{"Location": "/oauth2/login"}, "unauthenticated, please log in"}, Issued{}, &M2MLoginError{Status: 401}},
		{"302 to the login", answer{302, map[string]string{"Location": "/oauth2/login?redirect=/api/public/m2m"}, ""}, Issued{}, &M2MLoginError{Status: 302}},
		{"401 with an OAuth error", answer{401, jsonHeader, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`}, Issued{},
			&OAuthError{Service: "azure-token-generator", Status: 401, Code: "invalid_client", Description: "AADSTS7000215: Invalid client secret provided.", AADSTS: 7000215}},
		{"not a token", answer{200, text, "alive"}, Issued{},
			&ResponseError{Service: "azure-token-generator", Status: 200, Reason: "neither a token nor JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ch := serve(t, tc.answer)
			got, err := Generator{BaseURL: srv.URL + "/"}.Fetch(context.Background(), Request{Target: target, Flow: M2M, Session: "ignored-session"})
			checkPost(t, only(t, ch), "/api/public/m2m", url.Values{"aud": {"dev-gcp:team:app"}})
			if !reflect.DeepEqual(err, tc.wantErr) || got != tc.want {
				t.Fatalf("Fetch = %+v, %#v\nwant %+v, %#v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestGeneratorOBO(t *testing.T) {
	tok := fakeJWT("obo")
	const session = "c2Vzc2lvbi12YWx1ZQ.abc-DEF_123"
	login := func(base string) error {
		return &NotLoggedInError{LoginURL: base + "/api/obo?aud=dev-gcp:team:app", Rejected: true}
	}
	for _, tc := range []struct {
		name    string
		answer  answer
		want    Issued
		wantErr func(base string) error
	}{
		{"indented JSON", answer{200, jsonHeader, "{\n  \"access_token\": \"" + tok + "\",\n  \"expires_in\": 3899\n}"}, Issued{tok, 3899 * time.Second}, nil},
		{"302 to the login", answer{302, map[string]string{"Location": "{base}/oauth2/login?redirect=/api/obo?aud=dev-gcp:team:app"}, ""}, Issued{}, login},
		{"303 to the login", answer{303, map[string]string{"Location": "/oauth2/login?redirect=/api/obo"}, ""}, Issued{}, login},
		{"401", answer{401, nil, ""}, Issued{}, login},
		{"401 with an HTML page", answer{401, map[string]string{"Content-Type": "text/html"}, "<html>Sign in</html>"}, Issued{}, login},
		{"401 with JSON but no OAuth error", answer{401, jsonHeader, `{"message":"unauthorized"}`}, Issued{}, login},
		{"401 from Wonderwall's auto-login", answer{401, map[string]string{"Content-Type": "application/json", "Location": "/oauth2/login?redirect=%2Fapi%2Fobo%3Faud%3Ddev-gcp%3Ateam%3Aapp"},
			`{"error": "unauthenticated, please log in"}`}, Issued{}, login},
		{"401 from Wonderwall's auto-login, as text", answer{401, map[string]string{"Location": "/oauth2/login"}, "unauthenticated, please log in"}, Issued{}, login},
		{"401 with an OAuth error", answer{401, jsonHeader, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`}, Issued{},
			func(string) error {
				return &OAuthError{Service: "azure-token-generator", Status: 401, Code: "invalid_client",
					Description: "AADSTS7000215: Invalid client secret provided.", AADSTS: 7000215}
			}},
		{"HTML login page", answer{200, map[string]string{"Content-Type": "text/html; charset=utf-8"}, "<!DOCTYPE html><title>Sign in</title>"}, Issued{}, login},
		{"HTML sent as text", answer{200, map[string]string{"Content-Type": "text/plain"}, "\n<html></html>"}, Issued{}, login},
		{"upstream error", answer{403, jsonHeader, `{"error":"invalid_grant","error_description":"AADSTS50105: Your administrator has configured the application to block users."}`}, Issued{},
			func(string) error {
				return &OAuthError{Service: "azure-token-generator", Status: 403, Code: "invalid_grant",
					Description: "AADSTS50105: Your administrator has configured the application to block users.", AADSTS: 50105}
			}},
		{"redirect elsewhere", answer{302, map[string]string{"Location": "https://elsewhere.example/x?y=z"}, ""}, Issued{},
			func(string) error {
				return &ResponseError{Service: "azure-token-generator", Status: 302, Reason: "a redirect to https://elsewhere.example/x, which is not followed"}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ch := serve(t, tc.answer)
			// A client that follows redirects must still not follow them.
			g := Generator{BaseURL: srv.URL, HTTP: &http.Client{}}
			got, err := g.Fetch(context.Background(), Request{Target: target, Flow: OBO, Session: session})
			req := only(t, ch)
			if req.Method != http.MethodGet || req.Path != "/api/obo" || req.Query != "aud=dev-gcp:team:app" || req.Body != "" {
				t.Errorf("request = %s %s?%s body %q, want GET /api/obo?aud=dev-gcp:team:app", req.Method, req.Path, req.Query, req.Body)
			}
			if req.Cookie != SessionCookie+"="+session {
				t.Errorf("Cookie = %q, want the session cookie", req.Cookie)
			}
			var wantErr error
			if tc.wantErr != nil {
				wantErr = tc.wantErr(srv.URL)
			}
			if !reflect.DeepEqual(err, wantErr) || got != tc.want {
				t.Fatalf("Fetch = %+v, %#v\nwant %+v, %#v", got, err, tc.want, wantErr)
			}
		})
	}
}

func TestGeneratorOBOWithoutCalling(t *testing.T) {
	srv, ch := serve(t, answer{status: 500})
	for _, tc := range []struct {
		name, session string
		want          error
	}{
		{"no session", "", &NotLoggedInError{LoginURL: srv.URL + "/api/obo?aud=dev-gcp:team:app"}},
		{"session with a space", "abc def", fmt.Errorf("azure-token-generator: %w", errBadSession)},
		{"session with a semicolon", "abc;x=y", fmt.Errorf("azure-token-generator: %w", errBadSession)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Generator{BaseURL: srv.URL}.Fetch(context.Background(), Request{Target: target, Flow: OBO, Session: tc.session})
			if !reflect.DeepEqual(err, tc.want) {
				t.Errorf("err = %#v, want %#v", err, tc.want)
			}
			none(t, ch)
		})
	}
}

func TestGeneratorBadRequests(t *testing.T) {
	srv, ch := serve(t, answer{status: 500})
	for _, tc := range []struct {
		name string
		g    Generator
		req  Request
		want string
	}{
		{"no base URL", Generator{}, Request{Target: target, Flow: M2M}, "generator source: the azure-token-generator URL is not set"},
		{"base URL without scheme", Generator{BaseURL: "azure-token-generator.intern.dev.nav.no"}, Request{Target: target, Flow: M2M},
			`generator source: the azure-token-generator URL "azure-token-generator.intern.dev.nav.no" is not an absolute http(s) URL like https://host/path`},
		{"no target", Generator{BaseURL: srv.URL}, Request{Flow: M2M}, "azure-token-generator: no target; give one as " + targetForm},
		{"no flow", Generator{BaseURL: srv.URL}, Request{Target: target}, `azure-token-generator: flow "": must be obo or m2m`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.g.Fetch(context.Background(), tc.req)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			var ce *ConfigError
			if isConfig := errors.As(err, &ce); isConfig != (tc.g.BaseURL != srv.URL) {
				t.Errorf("ConfigError = %v, want it exactly for a bad base URL", isConfig)
			}
			none(t, ch)
		})
	}
}

func TestGeneratorNames(t *testing.T) {
	g := Generator{BaseURL: "https://gen.example/"}
	m2m := Request{Target: target, Flow: M2M, Session: "s1"}
	obo := Request{Target: target, Flow: OBO, Session: "s1"}
	for _, tc := range []struct{ got, want string }{
		{string(g.Via()), "generator"},
		{g.Describe(m2m), "Asking azure-token-generator for an M2M token"},
		{g.Describe(obo), "Asking azure-token-generator for an OBO token (as you)"},
		{g.CacheKey(m2m), "generator|entra_id|https://gen.example|m2m|dev-gcp:team:app"},
		{g.CacheKey(obo), "generator|entra_id|https://gen.example|obo|dev-gcp:team:app|s:" + shortHash("s1")},
		{shortHash("s1"), "e8bc163c82eee187"},
		{g.LoginURL(target), "https://gen.example/api/obo?aud=dev-gcp:team:app"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if g.CacheKey(obo) == g.CacheKey(Request{Target: target, Flow: OBO, Session: "s2"}) {
		t.Error("two sessions share an OBO cache key")
	}
}
