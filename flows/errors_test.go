package flows_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestExplainOAuthError(t *testing.T) {
	noAccess := &flows.OAuthError{
		Service: "azure-token-generator", Status: 400, Code: "invalid_grant",
		Description: "AADSTS501051: Application 'x' is not assigned to a role.\nTrace ID: t",
		AADSTS:      501051, TraceID: "trace-1", CorrelationID: "corr-1",
	}
	if got, want := noAccess.Error(), "azure-token-generator refused the token request (HTTP 400, invalid_grant): AADSTS501051: Application 'x' is not assigned to a role."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	x := flows.Explain(fmt.Errorf("getting token: %w", noAccess))
	if !strings.Contains(x.Why, "not allowed to call the target") || !strings.Contains(x.Next, "accessPolicy.inbound.rules") {
		t.Errorf("Why/Next = %q / %q", x.Why, x.Next)
	}
	if x.URL != "https://login.microsoftonline.com/error?code=501051" {
		t.Errorf("URL = %q", x.URL)
	}
	if x.Snippet != flows.AccessPolicyYAML(flows.GeneratorApp) || !strings.Contains(x.Snippet, "- application: azure-token-generator\n          namespace: nais\n          cluster: dev-gcp") {
		t.Errorf("Snippet = %q", x.Snippet)
	}
	if x.TraceID != "trace-1" || x.CorrelationID != "corr-1" {
		t.Errorf("IDs = %q %q", x.TraceID, x.CorrelationID)
	}

	secret := flows.Explain(&flows.OAuthError{Service: "Entra ID", Status: 401, Code: "invalid_client", AADSTS: 7000215})
	if !strings.Contains(secret.Next, "AZURE_APP_CLIENT_SECRET") || secret.Snippet != "" {
		t.Errorf("7000215: Next %q, Snippet %q", secret.Next, secret.Snippet)
	}
	if got := (&flows.OAuthError{Service: "Texas", Status: 500}).Error(); got != "Texas refused the token request (HTTP 500)" {
		t.Errorf("bare Error() = %q", got)
	}
}

func TestExplainOAuthErrorUnknownCode(t *testing.T) {
	unknown := &flows.OAuthError{Service: "Texas", Status: 400, Code: "invalid_request", AADSTS: 90002}
	if _, ok := unknown.Hint(); ok {
		t.Error("an unknown AADSTS has a hint")
	}
	x := flows.Explain(unknown)
	if x.Why != "" || x.Next != "" || x.Snippet != "" {
		t.Errorf("unknown code explained: %+v", x)
	}
	if x.URL != flows.LookupURL(90002) {
		t.Errorf("URL = %q, want the lookup page", x.URL)
	}
	if x := flows.Explain(&flows.OAuthError{Service: "Texas", Status: 500, Code: "server_error"}); x.URL != "" {
		t.Errorf("no AADSTS but URL %q", x.URL)
	}
}

func TestExplainNotLoggedIn(t *testing.T) {
	const login = "https://azure-token-generator.intern.dev.nav.no/oauth2/login?redirect=/api/obo?aud=a:b:c"
	x := flows.Explain(&flows.NotLoggedInError{LoginURL: login})
	if x.URL != login || !strings.Contains(x.Why, "browser login") || !strings.Contains(x.Next, "copy the JSON") {
		t.Errorf("Explain = %+v", x)
	}
	if !strings.Contains(x.What, "not logged in; open "+login) {
		t.Errorf("What = %q", x.What)
	}
	rejected := flows.Explain(&flows.NotLoggedInError{LoginURL: login, Rejected: true})
	if !strings.Contains(rejected.What, "session was rejected") || rejected.URL != login {
		t.Errorf("rejected: %+v", rejected)
	}
}

func TestExplainTransportError(t *testing.T) {
	cause := errors.New("dial tcp: lookup azure-token-generator.intern.dev.nav.no: no such host")
	err := &flows.TransportError{Service: "azure-token-generator", Hint: "are you on naisdevice?", Err: cause}
	if !errors.Is(err, cause) {
		t.Error("TransportError does not unwrap")
	}
	x := flows.Explain(err)
	if x.What != "cannot reach azure-token-generator: are you on naisdevice? ("+cause.Error()+")" {
		t.Errorf("What = %q", x.What)
	}
	// The hint is in What already: a "next" line would say it twice.
	if x.Why != "the service did not answer" || x.Next != "" {
		t.Errorf("Why/Next = %q / %q", x.Why, x.Next)
	}
	if got := (&flows.TransportError{Service: "Texas", Err: cause}).Error(); got != "cannot reach Texas ("+cause.Error()+")" {
		t.Errorf("without hint: %q", got)
	}
}

func TestExplainTimeout(t *testing.T) {
	cause := errors.New(`Post "https://azure-token-generator.intern.dev.nav.no/api/public/m2m": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)
	err := &flows.TransportError{Service: "azure-token-generator", Hint: "are you on naisdevice?", Timeout: 15 * time.Second, Err: cause}
	x := flows.Explain(err)
	if x.What != "azure-token-generator did not answer within 15s (raise `timeout` in the config)" {
		t.Errorf("What = %q", x.What)
	}
	if strings.Contains(x.What, "cannot reach") || !strings.Contains(x.Why, "did not answer in time") ||
		!strings.Contains(x.Next, "raise `timeout` in the config") || !strings.Contains(x.Next, "are you on naisdevice?") {
		t.Errorf("Explain = %+v", x)
	}
	if !errors.Is(err, cause) {
		t.Error("a timeout does not unwrap")
	}
}

func TestExplainPlainError(t *testing.T) {
	x := flows.Explain(&flows.ConfigError{Source: flows.ViaTexas, Reason: "NAIS_TOKEN_ENDPOINT is not set"})
	want := flows.Explanation{What: "texas source: NAIS_TOKEN_ENDPOINT is not set"}
	if x != want {
		t.Errorf("Explain = %+v, want %+v", x, want)
	}
	re := &flows.ResponseError{Service: "Texas", Status: 200, Reason: "no access_token"}
	if got := re.Error(); got != "Texas answered HTTP 200 with an unusable body: no access_token" {
		t.Errorf("ResponseError = %q", got)
	}
}

// The IDs have their own fields, so What must not say them a second time.
func TestExplainShowsIDsOnce(t *testing.T) {
	err := &flows.OAuthError{
		Service: "Texas", Status: 400, Code: "invalid_scope", AADSTS: 500011,
		Description: "AADSTS500011: No such app. Trace ID: aaaa-1111 Correlation ID: bbbb-2222 Timestamp: 2025-01-02 03:04:05Z",
		TraceID:     "aaaa-1111", CorrelationID: "bbbb-2222",
	}
	x := flows.Explain(err)
	if want := "Texas refused the token request (HTTP 400, invalid_scope): AADSTS500011: No such app."; x.What != want {
		t.Errorf("What = %q, want %q", x.What, want)
	}
	if x.TraceID != "aaaa-1111" || x.CorrelationID != "bbbb-2222" {
		t.Errorf("IDs = %q, %q", x.TraceID, x.CorrelationID)
	}
}
