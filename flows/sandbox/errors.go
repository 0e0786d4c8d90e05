package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// entraError is an error answer of Entra's token endpoint. Entra writes it
// whole; Texas passes on only error and error_description, with Entra's
// status (texas src/oauth/identity_provider.rs, get_token_from_idprovider:
// ApiError::Upstream), and azure-token-generator passes Texas's on.
type entraError struct {
	status        int
	code          string // the OAuth "error"
	aadsts        int
	text          string
	traceID       string
	correlationID string
	at            time.Time
}

// entraTimestamp is how Entra writes times in errors.
const entraTimestamp = "2006-01-02 15:04:05Z"

// fail makes an Entra error stamped with fresh IDs and the sandbox's clock.
func (s *Sandbox) fail(status int, code string, aadsts int, format string, args ...any) *entraError {
	return &entraError{
		status: status, code: code, aadsts: aadsts, text: fmt.Sprintf(format, args...),
		traceID: randomGUID(), correlationID: randomGUID(), at: s.now().UTC(),
	}
}

func (e *entraError) Error() string { return e.description() }

// description is Entra's error_description: the code and text, then the
// trace ID, correlation ID and timestamp, each on its own \r\n line.
func (e *entraError) description() string {
	return fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
		e.aadsts, e.text, e.traceID, e.correlationID, e.at.Format(entraTimestamp))
}

// writeEntra writes the error as Entra does, field for field.
func (e *entraError) writeEntra(w http.ResponseWriter) {
	entraHeaders(w)
	respond(w, e.status, ctEntraJSON, compactJSON(obj{
		{"error", e.code}, {"error_description", e.description()}, {"error_codes", []any{e.aadsts}},
		{"timestamp", e.at.Format(entraTimestamp)}, {"trace_id", e.traceID}, {"correlation_id", e.correlationID},
		{"error_uri", "https://login.microsoftonline.com/error?code=" + strconv.Itoa(e.aadsts)},
	}))
}

// reduced is the error as Texas re-serialises it (ErrorResponse).
func (e *entraError) reduced() obj {
	return obj{{"error", e.code}, {"error_description", e.description()}}
}

// entraHeaders are the caching headers on every answer of Entra's token
// endpoint.
func entraHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.Header().Set("Pragma", "no-cache")
}

// The Entra errors the sandbox can produce, in Entra's words.

func (s *Sandbox) errMissingParam(name string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_request", 900144,
		"The request body must contain the following parameter: '%s'.", name)
}

func (s *Sandbox) errUnknownClient(clientID string) *entraError {
	return s.fail(http.StatusBadRequest, "unauthorized_client", 700016,
		"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
		clientID, tenantID)
}

func (s *Sandbox) errBadSecret(clientID string) *entraError {
	return s.fail(http.StatusUnauthorized, "invalid_client", 7000215,
		"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", clientID)
}

func (s *Sandbox) errNoCredential() *entraError {
	return s.fail(http.StatusUnauthorized, "invalid_client", 7000218,
		"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
}

// errScopeInvalid is 70011, which Entra gives for a scope it cannot read
// at all: several resources at once, or a name that is no resource's.
func (s *Sandbox) errScopeInvalid(scope string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_scope", 70011,
		"The provided value for the input parameter 'scope' is not valid. The scope %s is not valid.", scope)
}

// errNotDefault is 1002012: client credentials need <resource>/.default.
func (s *Sandbox) errNotDefault(scope string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_scope", 1002012,
		"The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope)
}

func (s *Sandbox) errNoResource(resource string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_resource", 500011,
		"The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
		resource, tenantID)
}

// errNoAccess is 501051: the caller has no app role on the target (the
// target's accessPolicy does not name it).
func (s *Sandbox) errNoAccess(caller, target app) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_grant", 501051,
		"Application '%s'(%s) is not assigned to a role for the application '%s'(%s).",
		caller.clientID, caller.name, target.uri, target.name)
}

// errNoConsent is 65001: on behalf of a user, the target has not
// pre-authorised the caller.
func (s *Sandbox) errNoConsent(caller app) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_grant", 65001,
		"The user or administrator has not consented to use the application with ID '%s' named '%s'. Send an interactive authorization request for this user and resource.",
		caller.clientID, caller.name)
}

func (s *Sandbox) errGrantType(grant string) *entraError {
	return s.fail(http.StatusBadRequest, "unsupported_grant_type", 70003,
		"The app requested an unsupported grant type '%s'.", grant)
}

func (s *Sandbox) errTenant(tenant string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_request", 90002,
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)
}

func (s *Sandbox) errMalformed(why string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_request", 9002313, "Invalid request. %s", why)
}
