package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// entraError is an error answer of Entra's token endpoint. The sandbox
// renders it three ways: whole (Entra), and reduced to error and
// error_description with Entra's status (Texas, azure-token-generator).
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

func (e *entraError) description() string {
	return fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
		e.aadsts, e.text, e.traceID, e.correlationID, e.at.Format(entraTimestamp))
}

// entraBody is Entra's error JSON, field for field.
type entraBody struct {
	Error         string `json:"error"`
	Description   string `json:"error_description"`
	ErrorCodes    []int  `json:"error_codes"`
	Timestamp     string `json:"timestamp"`
	TraceID       string `json:"trace_id"`
	CorrelationID string `json:"correlation_id"`
	ErrorURI      string `json:"error_uri"`
}

// oauthBody is the reduced error Texas and the generator pass on.
type oauthBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func (e *entraError) writeEntra(w http.ResponseWriter) {
	writeJSON(w, e.status, entraBody{
		Error: e.code, Description: e.description(), ErrorCodes: []int{e.aadsts},
		Timestamp: e.at.Format(entraTimestamp), TraceID: e.traceID, CorrelationID: e.correlationID,
		ErrorURI: "https://login.microsoftonline.com/error?code=" + strconv.Itoa(e.aadsts),
	})
}

// writeReduced is how Texas and azure-token-generator pass an Entra error
// on: Entra's status, but only error and error_description.
func (e *entraError) writeReduced(w http.ResponseWriter) {
	writeJSON(w, e.status, oauthBody{Error: e.code, Description: e.description()})
}

// The Entra errors the sandbox can produce. Texts follow Entra's wording.

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

func (s *Sandbox) errScope(scope string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_scope", 70011,
		"The provided value for the input parameter 'scope' is not valid. The scope %s is not valid.", scope)
}

func (s *Sandbox) errNoResource(scope string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_resource", 500011,
		"The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
		scope, tenantID)
}

func (s *Sandbox) errNoAccess(caller, target app) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_grant", 501051,
		"Application '%s'(%s) is not assigned to a role for the application '%s'(%s).",
		caller.clientID, caller.target, target.target.Scope(), target.target)
}

func (s *Sandbox) errGrantType(grant string) *entraError {
	return s.fail(http.StatusBadRequest, "unsupported_grant_type", 70003,
		"The app requested an unsupported grant type '%s'.", grant)
}

func (s *Sandbox) errTenant(tenant string) *entraError {
	return s.fail(http.StatusBadRequest, "invalid_request", 90002,
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)
}

// writeJSON writes v as compact JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
