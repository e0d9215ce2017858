"""The German web page: form state (`forms`), view models (`views`), value formatting
(`format`) and routes (`routes`), over the same search code as the JSON API."""
