"""The account registry: social media accounts, their owners, access lists, documents, approvals and branding."""
