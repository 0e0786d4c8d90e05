package flows

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func texasAt(base string) Texas {
	return Texas{TokenEndpoint: base + "/api/v1/token", ExchangeEndpoint: base + "/api/v1/token/exchange", IntrospectionEndpoint: base + "/api/v1/introspect"}
}

func TestTexasFetch(t *testing.T) {
	tok, user := fakeJWT("texas"), fakeJWT("user")
	scope := "api://dev-gcp.team.app/.default"
	success := answer{200, jsonHeader, `{"access_token":"` + tok + `","expires_in":3599,"token_type":"Bearer"}`}
	for _, tc := range []struct {
		name   string
		req    Request
		path   string
		form   url.Values
		answer answer
		want   Issued
	}{
		{"M2M", Request{Target: target, Flow: M2M}, "/api/v1/token",
			url.Values{"identity_provider": {"entra_id"}, "target": {scope}}, success, Issued{tok, 3599 * time.Second}},
		{"M2M fresh skips Texas's cache", Request{Target: target, Flow: M2M, Fresh: true}, "/api/v1/token",
			url.Values{"identity_provider": {"entra_id"}, "target": {scope}, "skip_cache": {"true"}}, success, Issued{tok, 3599 * time.Second}},
		{"OBO exchanges the user token", Request{Target: target, Flow: OBO, UserToken: user + "\n"}, "/api/v1/token/exchange",
			url.Values{"identity_provider": {"entra_id"}, "target": {scope}, "user_token": {user}}, success, Issued{tok, 3599 * time.Second}},
		{"expires_in as a string", Request{Target: target, Flow: M2M}, "/api/v1/token",
			url.Values{"identity_provider": {"entra_id"}, "target": {scope}},
			answer{200, jsonHeader, `{"access_token":"` + tok + `","expires_in":"120"}`}, Issued{tok, 2 * time.Minute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ch := serve(t, tc.answer)
			got, err := texasAt(srv.URL).Fetch(context.Background(), tc.req)
			checkPost(t, only(t, ch), tc.path, tc.form)
			if err != nil || got != tc.want {
				t.Fatalf("Fetch = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestTexasError(t *testing.T) {
	srv, ch := serve(t, answer{400, jsonHeader, texasErrorBody})
	_, err := texasAt(srv.URL).Fetch(context.Background(), Request{Target: target, Flow: M2M})
	only(t, ch)
	var oe *OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want *OAuthError", err)
	}
	want := OAuthError{Service: "Texas", Status: 400, Code: "invalid_scope", AADSTS: 500011,
		TraceID: "aaaaaaaa-2222-4c5d-9e8f-000000000001", CorrelationID: "bbbbbbbb-3333-4c5d-9e8f-000000000002"}
	oe.Description = ""
	if *oe != want {
		t.Errorf("err = %+v, want %+v", *oe, want)
	}
}

func TestTexasRefusesWithoutCalling(t *testing.T) {
	srv, ch := serve(t, answer{status: 500})
	full := texasAt(srv.URL)
	for _, tc := range []struct {
		name   string
		tx     Texas
		req    Request
		want   string
		config bool
	}{
		{"no token endpoint", Texas{}, Request{Target: target, Flow: M2M}, "texas source: NAIS_TOKEN_ENDPOINT is not set; NAIS sets it in pods with Texas enabled, elsewhere set it to Texas's address", true},
		{"no exchange endpoint", Texas{TokenEndpoint: full.TokenEndpoint}, Request{Target: target, Flow: OBO, UserToken: "u"}, "texas source: NAIS_TOKEN_EXCHANGE_ENDPOINT is not set; NAIS sets it in pods with Texas enabled, elsewhere set it to Texas's address", true},
		{"endpoint not a URL", Texas{TokenEndpoint: "localhost:7164"}, Request{Target: target, Flow: M2M}, `texas source: NAIS_TOKEN_ENDPOINT "localhost:7164" is not an absolute http(s) URL like https://host/path; NAIS sets it in pods with Texas enabled, elsewhere set it to Texas's address`, true},
		{"OBO without a user token", full, Request{Target: target, Flow: OBO, UserToken: " "}, "Texas: " + ErrNoUserToken.Error(), false},
		{"no target", full, Request{Flow: M2M}, "Texas: no target; give one as " + targetForm, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.tx.Fetch(context.Background(), tc.req)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
			var ce *ConfigError
			if errors.As(err, &ce) != tc.config {
				t.Errorf("ConfigError: %v, want %v", !tc.config, tc.config)
			}
			none(t, ch)
		})
	}
	_, err := full.Fetch(context.Background(), Request{Target: target, Flow: OBO})
	if !errors.Is(err, ErrNoUserToken) {
		t.Errorf("err = %v, want ErrNoUserToken", err)
	}
}

func TestTexasIntrospect(t *testing.T) {
	tok := fakeJWT("introspect")
	for _, tc := range []struct {
		name    string
		answer  answer
		want    map[string]any
		wantErr error
	}{
		{"active", answer{200, jsonHeader, `{"active":true,"aud":"client-id","exp":1735790400,"roles":["access_as_application"]}`},
			map[string]any{"active": true, "aud": "client-id", "exp": json.Number("1735790400"), "roles": []any{"access_as_application"}}, nil},
		{"inactive", answer{200, jsonHeader, `{"active":false,"error":"token is expired"}`},
			map[string]any{"active": false, "error": "token is expired"}, nil},
		{"no active field", answer{200, jsonHeader, `{"aud":"x"}`}, nil,
			&ResponseError{Service: "Texas", Status: 200, Reason: `no "active" field in the introspection answer`}},
		{"not JSON", answer{200, nil, "ok"}, nil,
			&ResponseError{Service: "Texas", Status: 200, Reason: "not a JSON introspection answer"}},
		{"Texas error", answer{400, jsonHeader, `{"error":"invalid_request","error_description":"missing token"}`}, nil,
			&OAuthError{Service: "Texas", Status: 400, Code: "invalid_request", Description: "missing token"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ch := serve(t, tc.answer)
			got, err := texasAt(srv.URL).Introspect(context.Background(), tok)
			checkPost(t, only(t, ch), "/api/v1/introspect", url.Values{"identity_provider": {"entra_id"}, "token": {tok}})
			if !reflect.DeepEqual(err, tc.wantErr) || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Introspect = %#v, %#v\nwant %#v, %#v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestTexasIntrospectRefuses(t *testing.T) {
	srv, ch := serve(t, answer{status: 500})
	_, err := Texas{}.Introspect(context.Background(), "t")
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Source != ViaTexas || !strings.HasPrefix(ce.Reason, EnvTexasIntrospection) {
		t.Errorf("err = %v, want a ConfigError naming %s", err, EnvTexasIntrospection)
	}
	if err := (Texas{IntrospectionEndpoint: "not a url"}).CheckIntrospection(); !errors.As(err, &ce) || !strings.HasPrefix(ce.Reason, EnvTexasIntrospection) {
		t.Errorf("CheckIntrospection of a bad URL = %v, want a ConfigError naming %s", err, EnvTexasIntrospection)
	}
	if err := texasAt(srv.URL).CheckIntrospection(); err != nil {
		t.Errorf("CheckIntrospection with an endpoint = %v", err)
	}
	if _, err := texasAt(srv.URL).Introspect(context.Background(), "  "); err == nil || err.Error() != "Texas: no token to introspect" {
		t.Errorf("err = %v, want no token to introspect", err)
	}
	none(t, ch)
}

func TestTexasFromEnvAndNames(t *testing.T) {
	env := map[string]string{EnvTexasToken: "http://t/token", EnvTexasExchange: "http://t/exchange", EnvTexasIntrospection: "http://t/introspect", "OTHER": "x"}
	tx := TexasFromEnv(func(k string) string { return env[k] }, nil)
	if want := (Texas{TokenEndpoint: "http://t/token", ExchangeEndpoint: "http://t/exchange", IntrospectionEndpoint: "http://t/introspect"}); tx != want {
		t.Errorf("TexasFromEnv = %+v, want %+v", tx, want)
	}
	for _, tc := range []struct{ got, want string }{
		{string(tx.Via()), "texas"},
		{tx.Describe(Request{Flow: M2M}), "Asking Texas for an M2M token"},
		{tx.Describe(Request{Flow: OBO}), "Asking Texas to exchange your user token for an OBO token"},
		{tx.CacheKey(Request{Target: target, Flow: M2M, UserToken: "u1"}), ""}, // never cached: see CacheKey
		{tx.CacheKey(Request{Target: target, Flow: OBO, UserToken: "u1"}), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
