"""The training playground (/train): settings, data, the live fragment, export and share link."""
