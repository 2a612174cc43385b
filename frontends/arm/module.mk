# frontends/arm sources: see the owner's brief
