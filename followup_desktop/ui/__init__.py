"""Qt widgets: the main window and its parts."""
