package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OAuthError is an OAuth error answer from Entra ID, passed on as-is or
// reshaped by Texas or azure-token-generator.
type OAuthError struct {
	Service       string // "azure-token-generator", "Texas", "Entra ID"
	Status        int    // HTTP status
	Code          string // the OAuth "error" field, e.g. invalid_client
	Description   string // error_description, as the service wrote it
	AADSTS        int    // Entra's code, from error_codes or the description; 0 if none
	TraceID       string
	CorrelationID string
	URI           string // error_uri, where the service says to read more
}

// Error names the service, the HTTP status, the OAuth code and the first
// line of the description: enough to search for, short enough for one line.
func (e *OAuthError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s refused the token request (HTTP %d", e.Service, e.Status)
	if e.Code != "" {
		b.WriteString(", " + e.Code)
	}
	b.WriteString(")")
	if d := firstLine(e.Description); d != "" {
		b.WriteString(": " + d)
	}
	return b.String()
}

// Hint explains the error in NAIS terms; ok is false when we have none.
func (e *OAuthError) Hint() (Hint, bool) {
	h, ok := aadstsHints[e.AADSTS]
	if !ok {
		return Hint{}, false
	}
	h.URL = LookupURL(e.AADSTS)
	return h, true
}

// Hint is what an error usually means for a NAIS developer and what to do.
type Hint struct {
	Meaning string
	Next    string
	URL     string // where to read more, e.g. Entra's error lookup
}

// LookupURL is Entra's page for an AADSTS code.
func LookupURL(code int) string {
	return "https://login.microsoftonline.com/error?code=" + strconv.Itoa(code)
}

var aadstsHints = map[int]Hint{
	501051:  {Meaning: "the caller is not allowed to call the target (no app role assigned)", Next: "add the caller to the target's accessPolicy.inbound.rules"},
	65001:   {Meaning: "the caller has no consent to call the target", Next: "add the caller to the target's accessPolicy.inbound.rules"},
	50105:   {Meaning: "you are not assigned to the target app, or not in one of its allowed groups", Next: "the target must allow you: add your group to its azure.application.claims.groups, or set allowAllUsers: true"},
	500011:  {Meaning: "no app with that scope exists in the tenant", Next: "check the cluster, namespace and app spelling; is the target deployed with azure.application.enabled: true?"},
	700016:  {Meaning: "the client app does not exist in this tenant", Next: "check the client ID and the tenant (AZURE_APP_CLIENT_ID, the token endpoint)"},
	70011:   {Meaning: "the scope is malformed", Next: "use api://<cluster>.<namespace>.<app>/.default"},
	7000215: {Meaning: "the client secret is wrong", Next: "the secret was probably rotated: fetch the current AZURE_APP_CLIENT_SECRET from the app's secret"},
	700027:  {Meaning: "the client assertion's signature is invalid", Next: "check AZURE_APP_JWK: it must be the app's current private key"},
	700024:  {Meaning: "the client assertion is outside its valid time range", Next: "check this machine's clock"},
	50013:   {Meaning: "the user token is invalid or expired", Next: "log in again to get a new user token"},
	500133:  {Meaning: "the user token has expired", Next: "log in again to get a new user token"},
	500131:  {Meaning: "the user token was issued for another app", Next: "use a user token whose aud is the calling app"},
}

// NotLoggedInError means the generator wants a browser login first.
type NotLoggedInError struct {
	// LoginURL is the page to open in a browser; after login it shows the
	// token as JSON.
	LoginURL string
	// Rejected is true when a session was sent but refused (expired).
	Rejected bool
}

// Error says where to log in, and whether a session was refused.
func (e *NotLoggedInError) Error() string {
	if e.Rejected {
		return "azure-token-generator: the login session was rejected (expired after at most 10 hours?); log in again at " + e.LoginURL
	}
	return "azure-token-generator: not logged in; open " + e.LoginURL + " in a browser and log in with your trygdeetaten.no user"
}

// M2MLoginError means the generator's login proxy wants a login before
// even its public M2M endpoint: Wonderwall's auto-login is on without
// /api/public/* among its ignored paths. NAIS's azure-token-generator
// leaves that endpoint open (nais/wonderwalled
// .nais/azure-token-generator.yaml turns no auto-login on).
type M2MLoginError struct{ Status int }

// Error says the generator asked for a login where none is needed.
func (e *M2MLoginError) Error() string {
	return fmt.Sprintf("azure-token-generator wants a login even for M2M tokens (HTTP %d from its login proxy)", e.Status)
}

// TransportError means a service could not be reached at all, or did not
// answer in time.
type TransportError struct {
	Service string // e.g. "azure-token-generator"
	Hint    string // e.g. "are you on naisdevice?"
	// Timeout is how long we waited when the service did not answer in
	// time; zero when it could not be reached at all.
	Timeout time.Duration
	Err     error
}

// Error says the service did not answer in time, or could not be reached
// and what to check; the cause (never holding a secret) is added for the
// latter.
func (e *TransportError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("%s did not answer within %s (raise `timeout` in the config)", e.Service, e.Timeout)
	}
	msg := "cannot reach " + e.Service
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg + " (" + e.Err.Error() + ")"
}

// Unwrap gives the network error, so callers can test for
// context.DeadlineExceeded or a *net.OpError.
func (e *TransportError) Unwrap() error { return e.Err }

// ResponseError means a service answered with something we cannot use.
type ResponseError struct {
	Service string
	Status  int
	Reason  string // what was wrong, never the body itself
}

// Error says what was wrong with the answer, never what the body held.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("%s answered HTTP %d with an unusable body: %s", e.Service, e.Status, e.Reason)
}

// ConfigError means a source lacks a setting it needs, e.g. no
// NAIS_TOKEN_ENDPOINT for Texas.
type ConfigError struct {
	Source Via
	Reason string
}

// Error names the source and the missing or bad setting.
func (e *ConfigError) Error() string { return fmt.Sprintf("%s source: %s", e.Source, e.Reason) }

// Explain turns any error from a flow into what happened, why it probably
// happened and what to do next, for the UI and the CLI alike. Every field
// is Printable: an error may quote a service, a file or a network peer.
func Explain(err error) Explanation {
	x := Explanation{What: err.Error()}
	var oe *OAuthError
	var nl *NotLoggedInError
	var te *TransportError
	var be *BusyError
	var ba *BrokenAnswerError
	var ee *ExpiredTokenError
	var ml *M2MLoginError
	switch {
	case errors.As(err, &oe):
		if h, ok := oe.Hint(); ok {
			x.Why, x.Next, x.URL = h.Meaning, h.Next, h.URL
			if oe.AADSTS == 501051 || oe.AADSTS == 65001 {
				x.Snippet = AccessPolicyYAML(callerOf(oe))
			}
		} else if oe.AADSTS != 0 {
			x.URL = LookupURL(oe.AADSTS)
		} else if strings.HasPrefix(oe.URI, "https://") {
			x.URL = oe.URI
		}
		x.TraceID, x.CorrelationID = oe.TraceID, oe.CorrelationID
		if x.TraceID != "" || x.CorrelationID != "" {
			x.What = withoutIDs(x.What) // they have their own fields
		}
	case errors.As(err, &nl):
		x.Why = "azure-token-generator needs a browser login for OBO tokens"
		x.Next = "open the URL, log in, then copy the JSON it shows (or paste the session cookie)"
		x.URL = nl.LoginURL
	case errors.As(err, &ml):
		x.Why = "NAIS's azure-token-generator hands out M2M tokens without a login; this one has auto-login on for /api/public/m2m, or the URL points at another app"
		x.Next = "check generator_url (or ENTRATOKEN_GENERATOR_URL), or get M2M tokens through Texas or Entra ID (--via texas or --via entra, or source: in the config)"
	case errors.As(err, &te) && te.Timeout > 0:
		x.Why = "the service did not answer in time: it is slow, or the request got lost on the way"
		x.Next = "raise `timeout` in the config if it is only slow"
		if te.Hint != "" {
			x.Next += "; otherwise: " + te.Hint
		}
	case errors.As(err, &te):
		x.Why = "the service did not answer"
		x.Next = te.Hint
	case errors.As(err, &be):
		x.Why = "the service is overloaded, or limits how often it may be asked"
		x.Next = "wait, then try again"
	case errors.As(err, &ba):
		x.Why = "the network works, but the service or a proxy on the way sent something that is not a readable HTTP answer"
		x.Next = "try again; if it persists, check HTTPS_PROXY and whether " + ba.Service + " is healthy"
	case errors.As(err, &ee):
		x.Why = "this machine's clock, or the service's, is wrong: a new token cannot have expired already"
		x.Next = "set the clock right (e.g. turn on network time), then try again"
	}
	if x.Next != "" && strings.Contains(x.What, x.Next) {
		x.Next = "" // the message says it already ("cannot reach …: are you on naisdevice?")
	}
	for _, f := range []*string{&x.What, &x.Why, &x.Next, &x.URL, &x.Snippet, &x.TraceID, &x.CorrelationID} {
		*f = Printable(*f)
	}
	return x
}

// Explanation is an error made readable: what, why, and the next step.
type Explanation struct {
	What          string
	Why           string
	Next          string
	URL           string
	Snippet       string // YAML to add, when that is the fix
	TraceID       string
	CorrelationID string
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}
