package flows_test

import (
	"strings"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

func TestExplainAccessPolicyNamesTheCaller(t *testing.T) {
	rule := func(app, namespace, cluster string) string {
		return "        - application: " + app + "\n          namespace: " + namespace + "\n          cluster: " + cluster
	}
	placeholders := rule("<your-app>", "<your-namespace>", "<your-cluster>")
	for _, tc := range []struct {
		name, service, description string
		aadsts                     int
		want                       string
	}{
		{"the generator is the caller", "azure-token-generator",
			"AADSTS501051: Application 'a1b2'(dev-gcp:nais:azure-token-generator) is not assigned to a role for the application 'api://dev-gcp.team.api/.default'(dev-gcp:team:api).",
			501051, rule("azure-token-generator", "nais", "dev-gcp")},
		{"the generator, whatever the text says", "azure-token-generator", "AADSTS65001: no consent", 65001, rule("azure-token-generator", "nais", "dev-gcp")},
		{"Texas: the app named in the error", "Texas",
			"AADSTS501051: Application '0e7a9b1c-1111-2222-3333-444455556666'(dev-gcp:sandbox:my-app) is not assigned to a role for the application 'api://dev-gcp.team.api/.default'(dev-gcp:team:api). Trace ID: x",
			501051, rule("my-app", "sandbox", "dev-gcp")},
		{"Entra: no consent for the named app", "Entra ID",
			"AADSTS65001: The user or administrator has not consented to use the application with ID '0e7a9b1c' named 'dev-fss:team:caller'. Send an interactive authorization request for this user and resource.",
			65001, rule("caller", "team", "dev-fss")},
		{"Entra: no name in the error", "Entra ID", "AADSTS501051: Application is not assigned to a role.", 501051, placeholders},
		{"Texas: a name that is not cluster:namespace:app", "Texas", "AADSTS501051: Application 'x'(my-app) is not assigned to a role.", 501051, placeholders},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := flows.Explain(&flows.OAuthError{Service: tc.service, Status: 400, Code: "invalid_grant", Description: tc.description, AADSTS: tc.aadsts})
			if !strings.HasSuffix(x.Snippet, "rules:\n"+tc.want) {
				t.Errorf("Snippet =\n%s\nwant it to end with the rule\n%s", x.Snippet, tc.want)
			}
			if !strings.HasPrefix(x.Snippet, "spec:\n  azure:\n    application:\n      enabled: true\n  accessPolicy:\n    inbound:\n") {
				t.Errorf("Snippet lacks the manifest around the rule:\n%s", x.Snippet)
			}
		})
	}
}

func TestAccessPolicyYAML(t *testing.T) {
	got := flows.AccessPolicyYAML(flows.Target{Cluster: "dev-gcp", App: "my-app"})
	if !strings.HasSuffix(got, "- application: my-app\n          namespace: <your-namespace>\n          cluster: dev-gcp") {
		t.Errorf("a missing part is not a placeholder:\n%s", got)
	}
}
