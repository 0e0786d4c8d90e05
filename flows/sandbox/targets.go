package sandbox

import "time"

// The sandbox's own apps.
var (
	// sandboxApp is "my app": the app Texas runs beside and whose
	// credentials Env hands out.
	sandboxApp = appNamed("dev-gcp", "sandbox", "my-app")
	// generatorApp is azure-token-generator: Wonderwall signs users in to
	// it, and it asks its own Texas for tokens, so it is the caller in
	// them.
	generatorApp = appNamed("dev-gcp", "nais", "azure-token-generator")
)

// The targets that misbehave on purpose, so every error path can be shown
// and tested without NAV's network.
var (
	targetNoAccess     = appNamed("dev-gcp", "sandbox", "no-access")
	targetUnknownApp   = appNamed("dev-gcp", "sandbox", "unknown-app")
	targetSlow         = appNamed("dev-gcp", "sandbox", "slow")
	targetShortLived   = appNamed("dev-gcp", "sandbox", "short-lived")
	targetBadSignature = appNamed("dev-gcp", "sandbox", "bad-signature")
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
	const gen, texas, entra = "generator", "texas", "entra"
	return []DemoTarget{
		{"dev-gcp:teamdagpenger:dp-soknad", "m2m", gen, "Dagpenger application API: a machine token"},
		{"dev-gcp:pdl:pdl-api", "obo", gen, "Person data (PDL): a token on behalf of you, with your NAVident"},
		{"dev-fss:teamsykmelding:syfosmregister", "", gen, "Sick-leave register: choose the flow each time"},
		{"dev-gcp:nais:hello-world", "m2m", texas, "Hello world, asked of Texas as the sandbox app"},
		{"dev-gcp:teampensjon:pensjon-pen", "m2m", entra, "Pension API, asked of Entra ID directly with the sandbox app's key"},
		{targetNoAccess.name, "m2m", gen, "Fails: the caller has no access (AADSTS501051)"},
		{targetUnknownApp.name, "m2m", gen, "Fails: no such app in the tenant (AADSTS500011)"},
		{targetSlow.name, "m2m", gen, "Hangs for a while: try cancelling with esc"},
		{targetShortLived.name, "obo", gen, "Lives 6 minutes: watch it turn amber and renew itself at the margin"},
		{targetBadSignature.name, "m2m", gen, "Issued, but its signature does not verify: see the token screen or decode --verify"},
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
		{targetNoAccess.name, "refused with AADSTS501051 (invalid_grant, HTTP 400): the caller is not allowed to call it; AADSTS65001 on behalf of a user"},
		{targetUnknownApp.name, "refused with AADSTS500011 (invalid_resource, HTTP 400): no app with that scope in the tenant, as any name that is not three DNS labels"},
		{targetSlow.name, "stalls 30 s before it answers (cancel with esc); returns at once when the request is cancelled"},
		{targetShortLived.name, "succeeds with a token that lives only 6 minutes"},
		{targetBadSignature.name, "succeeds with a token whose signature does not verify against the sandbox's keys"},
		{"a scope without /.default", "refused with AADSTS1002012 (client credentials; through Texas too, which passes its target on as it is) or AADSTS70011 (on behalf of a user)"},
	}
}
