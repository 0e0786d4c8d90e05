package flows

import (
	"regexp"
	"strings"
)

// GeneratorApp is azure-token-generator as NAIS names it: the caller a
// target's access policy must allow for tokens from the generator.
var GeneratorApp = Target{Cluster: "dev-gcp", Namespace: "nais", App: "azure-token-generator"}

// accessPolicyYAML is what the target app's manifest needs so a caller may
// call it; the {…} are filled in by AccessPolicyYAML.
const accessPolicyYAML = `spec:
  azure:
    application:
      enabled: true
  accessPolicy:
    inbound:
      rules:
        - application: {app}
          namespace: {namespace}
          cluster: {cluster}`

// AccessPolicyYAML is the manifest snippet that lets caller call a target
// app; shown with "no access" errors. A part of caller that is empty
// becomes a placeholder such as <your-app>, for the user to fill in.
func AccessPolicyYAML(caller Target) string {
	or := func(v, placeholder string) string {
		if v == "" {
			return placeholder
		}
		return v
	}
	return strings.NewReplacer(
		"{app}", or(caller.App, "<your-app>"),
		"{namespace}", or(caller.Namespace, "<your-namespace>"),
		"{cluster}", or(caller.Cluster, "<your-cluster>"),
	).Replace(accessPolicyYAML)
}

// callerNames find the calling app's name in Entra's "no access" texts:
// AADSTS501051 "Application '<id>'(<name>) is not assigned to a role …" and
// AADSTS65001 "… the application with ID '<id>' named '<name>'". NAIS names
// app registrations cluster:namespace:app.
var callerNames = []*regexp.Regexp{
	regexp.MustCompile(`Application '[^']*' ?\(([^)]+)\)`),
	regexp.MustCompile(`application with ID '[^']*' named '([^']+)'`),
}

// callerOf is the app whose access the target must allow: the generator
// for its own errors, else the app the error text names, else unknown (the
// zero Target, which AccessPolicyYAML shows as placeholders).
func callerOf(e *OAuthError) Target {
	if e.Service == generatorService.name {
		return GeneratorApp
	}
	for _, re := range callerNames {
		if name := submatch(re, e.Description); name != "" {
			if t, err := ParseTarget(name); err == nil {
				return t
			}
		}
	}
	return Target{}
}
