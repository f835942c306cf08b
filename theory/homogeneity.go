package theory

// homogeneityClaims are the claims of the homogeneity family (filled in by its own file).
var homogeneityClaims = []Claim{}
