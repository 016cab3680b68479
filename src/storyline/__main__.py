from storyline.cli import main

# Guarded: Dask starts worker processes by spawning, which imports this module again.
if __name__ == "__main__":
    main()
