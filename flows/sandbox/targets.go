package sandbox

import (
	"time"

	"github.com/entratoken/entratoken/flows"
)

// The sandbox's own apps.
var (
	// sandboxApp is "my app": the app Texas runs beside and whose
	// credentials Env hands out.
	sandboxApp = appFor(flows.Target{Cluster: "dev-gcp", Namespace: "sandbox", App: "my-app"})
	// generatorApp is azure-token-generator, the caller in its tokens.
	generatorApp = appFor(flows.Target{Cluster: "dev-gcp", Namespace: "nais", App: "azure-token-generator"})
)

// The targets that misbehave on purpose, so every error path can be shown
// and tested without NAV's network.
var (
	targetNoAccess   = flows.Target{Cluster: "dev-gcp", Namespace: "sandbox", App: "no-access"}
	targetUnknownApp = flows.Target{Cluster: "dev-gcp", Namespace: "sandbox", App: "unknown-app"}
	targetSlow       = flows.Target{Cluster: "dev-gcp", Namespace: "sandbox", App: "slow"}
	targetShortLived = flows.Target{Cluster: "dev-gcp", Namespace: "sandbox", App: "short-lived"}
)

// shortLifetime is short enough that a demo's countdown reaches its amber
// and red phases within minutes.
const shortLifetime = 6 * time.Minute

// DemoTarget is a ready-made entry for a demo's target list.
type DemoTarget struct {
	Target string // cluster:namespace:app
	Flow   string // "obo", "m2m", or "" to ask each time
	Source string // "generator", "texas" or "entra"
	Note   string
}

// DemoTargets are realistic NAV-looking targets plus the failing ones, so a
// demo's target list shows both the happy paths and the error screens.
func DemoTargets() []DemoTarget {
	gen, texas, entra := string(flows.ViaGenerator), string(flows.ViaTexas), string(flows.ViaEntra)
	return []DemoTarget{
		{"dev-gcp:teamdagpenger:dp-soknad", "m2m", gen, "Dagpenger application API: a machine token"},
		{"dev-gcp:pdl:pdl-api", "obo", gen, "Person data (PDL): a token on behalf of you, with your NAVident"},
		{"dev-fss:teamsykmelding:syfosmregister", "", gen, "Sick-leave register: choose the flow each time"},
		{"dev-gcp:nais:hello-world", "m2m", texas, "Hello world, asked of Texas as the sandbox app"},
		{"dev-gcp:teampensjon:pensjon-pen", "m2m", entra, "Pension API, asked of Entra ID directly with the sandbox app's key"},
		{targetNoAccess.String(), "m2m", gen, "Fails: the caller has no access (AADSTS501051)"},
		{targetUnknownApp.String(), "m2m", gen, "Fails: no such app in the tenant (AADSTS500011)"},
		{targetSlow.String(), "m2m", gen, "Hangs for a while: try cancelling with esc"},
		{targetShortLived.String(), "obo", gen, "Expires in 6 minutes: watch the countdown change colour"},
	}
}

// FailureTarget is a target that misbehaves on purpose, and how.
type FailureTarget struct {
	Target    string
	Behaviour string
}

// FailureTargets documents the sandbox's misbehaving targets (for help
// screens and tests).
func FailureTargets() []FailureTarget {
	return []FailureTarget{
		{targetNoAccess.String(), "refused with AADSTS501051 (invalid_grant, HTTP 400): the caller is not allowed to call it"},
		{targetUnknownApp.String(), "refused with AADSTS500011 (invalid_resource, HTTP 400): no app with that scope in the tenant"},
		{targetSlow.String(), "stalls 30 s before it answers (cancel with esc); returns at once when the request is cancelled"},
		{targetShortLived.String(), "succeeds with a token that lives only 6 minutes"},
		{"any malformed target or scope", "refused with AADSTS70011 (invalid_scope, HTTP 400)"},
	}
}
