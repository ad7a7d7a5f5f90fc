"""Record factories shared by tests/ and bench/ (installed with the package;
tests/ is not): companies and users (accounts), trainees and agreements
(agreements), schooling plans (plans), bonus claims (claims) and the review's
cases (reviews). They need an app context, and write through the services
where a service exists."""
