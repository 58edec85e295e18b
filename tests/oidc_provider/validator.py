"""Claims as ProConnect gives them: email, given_name, usual_name."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "given_name": "profile", "usual_name": "profile"}

    def get_additional_claims(self, request):  # noqa: ANN001, ANN201
        return {"email": request.user.email, "given_name": request.user.first_name,
                "usual_name": request.user.last_name}
