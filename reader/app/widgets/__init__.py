"""The widgets the screens are built of."""
