package theory

// generalizationClaims are the claims of the generalization family (filled in by its own file).
var generalizationClaims = []Claim{}
